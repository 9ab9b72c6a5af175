// After a form is sent, focus goes where the answer is: to the first field in error (whose
// label, help and error a screen reader then reads), else to the form's own error summary, else
// to the confirmation (Django's messages). A status region that is already on the page when it
// loads is not announced; focused, it is read. The same after htmx swaps a form in.
(function () {
  "use strict";

  var FIELD = "[aria-invalid='true'], .has-error input, .has-error select, .has-error textarea";

  function answer(root) {
    var field = root.querySelector(FIELD);
    if (field) return field;
    var summary = root.querySelector(".form-errors[role='alert'], form .error");
    if (summary) return summary;
    return root === document ? document.getElementById("messages") : null;
  }

  function focus(target) {
    if (!target) return;
    if (!target.matches("input, select, textarea, button, a[href]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function onLoad() {
    if (!document.activeElement || document.activeElement === document.body) {
      focus(answer(document));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt;
    if (root && root.querySelector && root.querySelector(FIELD)) focus(answer(root));
  });
})();
