// The facilitator's controls bar: keyboard shortcuts, and focus kept on the control used.
// The bar is replaced with every new state of the meeting (htmx keeps focus on an element
// whose id survives); when the control used disappears (Pause becomes Resume, Start becomes
// Next), focus goes to its successor rather than falling back to the top of the page.
(function () {
  "use strict";

  var SUCCESSOR = {start: "next", pause: "resume", resume: "pause", skip: "next",
                   next: "pause", extend: "extend"};
  var SHORTCUTS = {n: ["next"], p: ["pause", "resume"], e: ["extend"]};
  var used = null;

  function control(name) {
    return document.getElementById("control-" + name);
  }

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (!document.getElementById("room-controls") || typing(event.target)) return;
    var names = SHORTCUTS[(event.key || "").toLowerCase()];
    var button = names && names.map(control).filter(Boolean)[0];
    if (!button) return;
    event.preventDefault();
    button.focus();
    button.click();
  });

  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    used = active && active.closest && active.closest("#room-controls") ?
      (active.dataset.control || active.id) : null;
  });

  document.addEventListener("htmx:afterSwap", function () {
    // htmx binds swapped-in forms when they settle; a key pressed before that would submit
    // the form without htmx (a full page load), so bind the new bar at once.
    var bar = document.getElementById("room-controls");
    if (bar && window.htmx) window.htmx.process(bar);
    var active = document.activeElement;
    if (!used || (active && active !== document.body)) return;
    var next = control(used) || control(SUCCESSOR[used]) || document.getElementById(used) ||
      document.querySelector("#room-controls button");
    if (next) next.focus();
  });
})();
