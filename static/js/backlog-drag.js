/* Drag and drop for the impediment backlog: dropping an item posts its new position (the
   same move the Move up / Move down buttons make, which keyboards use), then reloads. */
(function () {
  "use strict";
  var list = document.querySelector("[data-backlog-drag]");
  if (!list) { return; }
  var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("li[data-move-url]");
    if (dragged) { event.dataTransfer.effectAllowed = "move"; }
  });
  list.addEventListener("dragover", function (event) {
    if (dragged) { event.preventDefault(); }
  });
  list.addEventListener("drop", function (event) {
    var target = event.target.closest("li[data-move-url]");
    if (!dragged || !target || target === dragged) { return; }
    event.preventDefault();
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-move-url]"));
    var body = new FormData();
    body.append("position", String(items.indexOf(target) + 1));
    fetch(dragged.getAttribute("data-move-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": token, "HX-Request": "true"}
    }).then(function () { window.location.reload(); });
    dragged = null;
  });
}());
