// The meeting room's countdowns, computed in the browser from the server's timestamps.
// The live fragment carries each deadline and the server's "now"; the difference to this
// machine's clock (skew) is measured on every swap, so a wrong local clock does not matter.
(function () {
  "use strict";

  function format(ms) {
    var negative = ms < 0;
    var total = Math.floor(Math.abs(ms) / 1000);
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return (negative ? "\u2212" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function sync() {
    var live = document.getElementById("live");
    if (live && live.dataset.serverNow) {
      live.dataset.skew = String(Date.parse(live.dataset.serverNow) - Date.now());
    }
  }

  function tick() {
    var live = document.getElementById("live");
    if (!live) return;
    var frozen = live.dataset.frozenAt ? Date.parse(live.dataset.frozenAt) : null;
    var serverNow = frozen !== null ? frozen : Date.now() + Number(live.dataset.skew || 0);
    live.querySelectorAll("[data-deadline]").forEach(function (clock) {
      if (!clock.dataset.deadline) return;
      var left = Date.parse(clock.dataset.deadline) - serverNow;
      clock.textContent = format(left);
      var timer = clock.closest(".timer");
      var over = left < 0;
      clock.classList.toggle("is-overrun", over);
      if (timer) {
        timer.classList.toggle("is-overrun", over);
        var label = timer.querySelector(".overrun-label");
        if (label) label.hidden = !over;
      }
    });
  }

  // A Steering Committee's room: outline the pack section of the item being discussed.
  function markPackSection() {
    var sections = document.querySelectorAll(".pack-section");
    if (!sections.length) return;
    var link = document.querySelector("#live [data-pack-section]");
    var current = link ? "pack-" + link.dataset.packSection : "";
    sections.forEach(function (section) {
      section.classList.toggle("is-current", section.id === current);
    });
  }

  // The decision form proposes the team whose slot is running, and follows the live fragment
  // from slot to slot until the facilitator ticks or unticks an addressee themselves.
  function proposeSlotTeam() {
    var form = document.getElementById("decision-form");
    var live = document.getElementById("live");
    if (!form || !live || form.dataset.touched) return;
    var team = live.dataset.slotTeam || "";
    if (form.dataset.proposed === team) return;
    form.querySelectorAll('input[name="teams"]').forEach(function (box) {
      box.checked = box.value === team;
    });
    form.dataset.proposed = team;
    var hint = document.getElementById("slot-proposal");
    if (hint) {
      hint.textContent = team ? "Proposed: " + live.dataset.slotTeamName +
        ", whose slot is running." : "";
    }
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.form && box.form.id === "decision-form" && box.type === "checkbox") {
      box.form.dataset.touched = "true";
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    sync();
    tick();
    markPackSection();
    proposeSlotTeam();
    window.setInterval(tick, 250);
  });
  document.addEventListener("htmx:afterSwap", function () {
    sync();
    tick();
    markPackSection();
    proposeSlotTeam();
  });
})();
