// The meeting room's countdowns, computed in the browser from the server's timestamps.
// The live fragment carries each deadline and the server's "now"; the difference to this
// machine's clock (skew) is measured on every swap, so a wrong local clock does not matter.
// The countdowns are not live regions: one stable status region (#room-status) announces
// only what matters, the item that starts, one minute left, time up, paused, resumed.
(function () {
  "use strict";

  var ONE_MINUTE = 60 * 1000;
  var SOUND_KEY = "metascrum.room.sound";
  var shown = null;  // what the status last saw: {state, item}
  var itemLeft = null;  // {item, left}: the current item's time left at the last tick
  var audio = null;

  function announce(text) {
    var status = document.getElementById("room-status");
    if (status && text) status.textContent = text;
  }

  function soundOn() {
    try { return window.localStorage.getItem(SOUND_KEY) === "on"; } catch (e) { return false; }
  }

  function beep() {
    if (!soundOn()) return;
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    var tone = audio.createOscillator();
    var gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.4);
  }

  function pulse() {
    var timer = document.querySelector("#live .item-timer");
    if (!timer) return;
    timer.classList.remove("is-pulsing");
    void timer.offsetWidth;  // restart the animation when it is already running
    timer.classList.add("is-pulsing");
  }

  function alarm(text) {
    announce(text);
    beep();
    pulse();
  }

  // A change of state or of item, seen after a swap: say what it means.
  function announceChange() {
    var live = document.getElementById("live");
    if (!live) return;
    var now = {state: live.dataset.state, item: live.dataset.item || ""};
    var before = shown;
    shown = now;
    if (!before || (before.state === now.state && before.item === now.item)) return;
    if (now.state === "paused" && before.state === "running") {
      announce("Paused");
    } else if (now.state === "running" && now.item !== before.item && live.dataset.announce) {
      announce(live.dataset.announce);
    } else if (now.state === "running" && before.state === "paused") {
      announce("Resumed");
    } else if (now.state === "running" && !now.item) {
      announce("All items done");
    }
  }

  // The current item's clock crossing one minute left, then zero.
  function watchItem(item, left) {
    var before = itemLeft;
    itemLeft = {item: item, left: left};
    if (!before || before.item !== item) return;
    if (before.left > ONE_MINUTE && left <= ONE_MINUTE && left > 0) {
      alarm("1 minute left");
    } else if (before.left > 0 && left <= 0) {
      alarm("Time is up");
    }
  }

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
      if (timer && timer.classList.contains("item-timer") && live.dataset.state === "running") {
        watchItem(live.dataset.item, left);
      }
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

  // The decision form proposes the team whose slot is running (a chip of its teams picker),
  // and follows the live fragment from slot to slot until the facilitator changes the
  // addressees themselves (unticks a chip, or types in the picker).
  function chipFor(form, team) {
    return form.querySelector('.picker-chips input[name="teams"][value="' + team + '"]');
  }

  function proposeChip(form, team, name) {
    var chips = form.querySelector(".picker-chips");
    if (!chips || !team || chipFor(form, team)) return;
    var chip = document.createElement("li"), tag = document.createElement("label");
    var tick = document.createElement("input");
    chip.className = "chip";
    tick.type = "checkbox";
    tick.name = "teams";
    tick.value = team;
    tick.checked = true;
    tag.appendChild(tick);
    tag.appendChild(document.createTextNode(" " + name));
    chip.appendChild(tag);
    chips.appendChild(chip);
  }

  function proposeSlotTeam() {
    var form = document.getElementById("decision-form");
    var live = document.getElementById("live");
    if (!form || !live || form.dataset.touched) return;
    var team = live.dataset.slotTeam || "";
    if (form.dataset.proposed === team) return;
    var before = form.dataset.proposed ? chipFor(form, form.dataset.proposed) : null;
    if (before) before.closest(".chip").remove();
    proposeChip(form, team, live.dataset.slotTeamName || "");
    form.dataset.proposed = team;
    var hint = document.getElementById("slot-proposal");
    if (hint) {
      hint.textContent = team ? "Proposed: " + live.dataset.slotTeamName +
        ", whose slot is running." : "";
    }
  }

  function touchDecision(event) {
    var field = event.target;
    if (field.form && field.form.id === "decision-form" &&
        (field.type === "checkbox" || field.classList.contains("picker-box"))) {
      field.form.dataset.touched = "true";
    }
  }
  document.addEventListener("change", touchDecision);
  document.addEventListener("input", touchDecision);
  function soundToggle() {
    var box = document.getElementById("room-sound");
    if (!box) return;
    box.checked = soundOn();
    box.closest("label").hidden = false;
    box.addEventListener("change", function () {
      try { window.localStorage.setItem(SOUND_KEY, box.checked ? "on" : "off"); } catch (e) {}
      if (box.checked) beep();  // a gesture lets the page play sound, and this is what it sounds like
    });
  }

  document.addEventListener("animationend", function (event) {
    event.target.classList.remove("is-pulsing");
  });
  document.addEventListener("DOMContentLoaded", function () {
    soundToggle();
    announceChange();
    sync();
    tick();
    markPackSection();
    proposeSlotTeam();
    window.setInterval(tick, 250);
  });
  document.addEventListener("htmx:afterSwap", function () {
    announceChange();
    sync();
    tick();
    markPackSection();
    proposeSlotTeam();
  });
})();
