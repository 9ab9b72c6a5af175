// A form that does something hard to undo asks first: <form data-confirm="End the meeting?">.
// It is the browser's own dialog: focus moves into it, Enter confirms, Escape cancels, and
// screen readers announce it. Listening in the capture phase stops htmx's submit too.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
