// Under each limited text field, how many characters are left, kept current as one types.
// The count is tied to the field by aria-describedby (read when the field gets focus); it is
// no live region, so a screen reader is not interrupted on every keystroke.
(function () {
  "use strict";

  function show(field, note) {
    var left = Number(field.getAttribute("maxlength")) - field.value.length;
    // The words come from the page, in its language (base.html); English without them.
    var words = document.body.dataset;
    note.textContent = left === 1 ? (words.charsLeftOne || "1 character left")
      : (words.charsLeft || "{count} characters left").replace("{count}", left);
    note.classList.toggle("few", left <= Number(field.getAttribute("maxlength")) / 10);
  }

  function attach(field) {
    if (!field.id || document.getElementById(field.id + "-left")) return;
    var note = document.createElement("small");
    note.className = "chars-left";
    note.id = field.id + "-left";
    field.insertAdjacentElement("afterend", note);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    show(field, note);
    field.addEventListener("input", function () { show(field, note); });
  }

  function scan(root) {
    root.querySelectorAll("textarea[maxlength], input[maxlength][data-count]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
