// The meeting room's push: server-sent events from #live's data-stream, polling as the fallback.
//
// While the stream is open, #live's own 2 s poll (hx-trigger="every 2s") is cancelled before
// it leaves, but for one every 30 s; a watcher's event carries the new #live fragment, a
// facilitator's only says "changed" and their own fragment (with its controls) is fetched. When the stream cannot be
// opened, or stays down, the poll simply runs again and a small note says so. A plain
// EventSource rather than htmx's SSE extension: the extension ties the connection to an
// element, and #live, the only element here, is replaced on every change.
(function () {
  "use strict";

  var NOTICE_AFTER_MS = 5000; // a stream down this long is worth a word
  var RETRY_AFTER_MS = 30000; // a stream the browser gave up on is tried again after this
  // Even with the stream open one poll in this long goes out: a change whose announcement was
  // lost (Redis down for a moment) is still seen, late, instead of never.
  var CHECK_EVERY_MS = 30000;

  var source = null;
  var open = false;
  var noticeTimer = null;
  var checkedAt = 0;

  function live() {
    return document.getElementById("live");
  }

  function shownVersion() {
    var element = live();
    return element ? Number(element.dataset.version || -1) : -1;
  }

  function note(show) {
    var element = document.getElementById("live-push-note");
    if (element) element.hidden = !show;
  }

  function noticeLater() {
    if (noticeTimer === null) {
      noticeTimer = window.setTimeout(function () {
        noticeTimer = null;
        if (!open) note(true);
      }, NOTICE_AFTER_MS);
    }
  }

  function opened() {
    open = true;
    checkedAt = Date.now();
    if (noticeTimer !== null) window.clearTimeout(noticeTimer);
    noticeTimer = null;
    note(false);
  }

  function failed() {
    open = false;
    noticeLater();
    if (source && source.readyState === EventSource.CLOSED) {
      source = null;
      window.setTimeout(connect, RETRY_AFTER_MS);
    }
  }

  function swapIn(event) {
    var element = live();
    if (!element || Number(event.lastEventId) <= shownVersion()) return;
    htmx.swap(element, event.data, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 20 });
  }

  function fetchOwn(event) {
    var element = live();
    if (!element || Number(event.lastEventId) <= shownVersion()) return;
    htmx.ajax("GET", element.getAttribute("hx-get"), { target: "#live", swap: "outerHTML" });
  }

  function connect() {
    var element = live();
    if (!element || !element.dataset.stream || source) return;
    source = new EventSource(element.dataset.stream + "?v=" + shownVersion());
    source.onopen = opened;
    source.onerror = failed;
    source.addEventListener("live", swapIn);
    source.addEventListener("changed", fetchOwn);
    source.addEventListener("over", function () {
      source.close();
      window.location.reload();
    });
    noticeLater();
  }

  // The poll of #live itself is what the stream replaces; nothing else is held back.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!open || event.detail.elt !== live() || event.detail.requestConfig.verb !== "get") return;
    if (Date.now() - checkedAt < CHECK_EVERY_MS) {
      event.preventDefault();
    } else {
      checkedAt = Date.now();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.EventSource || !window.htmx) return; // polling, as ever
    connect();
  });
})();
