// The programme's "More" tabs are a <details> disclosure; like any menu it closes on Escape
// (focus back on its button) and when a click or the focus goes elsewhere.
(function () {
  "use strict";

  function openMenus() {
    return document.querySelectorAll(".tabs-more details[open]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    openMenus().forEach(function (menu) {
      if (!menu.contains(document.activeElement)) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });

  function closeOutside(event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  }
  document.addEventListener("click", closeOutside);
  document.addEventListener("focusin", closeOutside);
})();
