// Pickers that search as one types (rendered by metascrum/lib/combobox.py): the WAI-ARIA 1.2
// combobox with a listbox popup. Typing asks the server for matches (data-url, ?q=…, JSON), so
// the page never holds the whole list; Down and Up move through them (Down first opens the
// list), Enter picks, Escape closes the list and then clears the box, Tab leaves. A picker of
// several keeps its choices as chips (ticked checkboxes): untick one with Space, or press
// Backspace in the empty box, to remove it. How many matched, what was picked or removed is
// said in the polite status line. Listeners sit on the document, so pickers that htmx swaps in
// work at once. Without this script the box is a plain text input the server resolves.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var SUFFIX = "__text";
  var states = new WeakMap();

  function pickerOf(node) {
    var picker = node && node.closest ? node.closest("[data-picker]") : null;
    return picker && picker.dataset.url ? picker : null;
  }

  function parts(picker) {
    return {
      box: picker.querySelector(".picker-box"),
      list: picker.querySelector(".picker-list"),
      status: picker.querySelector(".picker-status"),
      value: picker.querySelector(".picker-value"),
      chips: picker.querySelector(".picker-chips")
    };
  }

  function stateOf(picker) {
    var state = states.get(picker);
    if (!state) {
      state = {timer: null, request: null, seq: 0, active: -1, activateFirst: false};
      states.set(picker, state);
    }
    return state;
  }

  function say(picker, text) {
    var status = parts(picker).status;
    status.textContent = "";
    // A fresh text node after a tick, so the same words said twice are announced twice.
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function options(picker) {
    return Array.prototype.slice.call(parts(picker).list.querySelectorAll("[role=option]"));
  }

  function isOpen(picker) {
    return !parts(picker).list.hidden;
  }

  function open(picker) {
    var p = parts(picker);
    p.list.hidden = false;
    p.box.setAttribute("aria-expanded", "true");
  }

  function close(picker) {
    var p = parts(picker), state = stateOf(picker);
    p.list.hidden = true;
    p.box.setAttribute("aria-expanded", "false");
    p.box.removeAttribute("aria-activedescendant");
    state.active = -1;
    state.activateFirst = false;
  }

  function chips(picker) {
    var p = parts(picker);
    return p.chips ? Array.prototype.slice.call(p.chips.querySelectorAll(".chip")) : [];
  }

  function chosenValues(picker) {
    var p = parts(picker);
    if (p.chips) {
      return chips(picker).map(function (chip) { return chip.querySelector("input").value; });
    }
    return p.value && p.value.value ? [p.value.value] : [];
  }

  function howMany(picker) {
    var n = chips(picker).length;
    return n === 1 ? "1 " + picker.dataset.one : n + " " + picker.dataset.many;
  }

  function show(picker, data) {
    var p = parts(picker), state = stateOf(picker), chosen = chosenValues(picker);
    var many = picker.dataset.picker === "many";
    p.list.textContent = "";
    data.results.forEach(function (result) {
      var option = document.createElement("li");
      option.id = p.list.id + "-" + result.value;
      option.className = "picker-option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected",
                          many && chosen.indexOf(result.value) >= 0 ? "true" : "false");
      option.dataset.value = result.value;
      option.dataset.label = result.label;
      option.textContent = result.label;
      if (result.detail) {
        var detail = document.createElement("span");
        detail.className = "picker-detail";
        detail.textContent = result.detail;
        option.appendChild(document.createTextNode(" "));
        option.appendChild(detail);
      }
      p.list.appendChild(option);
    });
    var first = state.activateFirst;
    close(picker);
    if (data.results.length) {
      open(picker);
      if (first) activate(picker, 0);
    }
    say(picker, data.status);
  }

  function activate(picker, index) {
    var p = parts(picker), all = options(picker), many = picker.dataset.picker === "many";
    if (!all.length) return;
    index = (index + all.length) % all.length;
    all.forEach(function (option) {
      option.classList.remove("is-active");
      if (!many) option.setAttribute("aria-selected", "false");
    });
    var option = all[index];
    option.classList.add("is-active");
    if (!many) option.setAttribute("aria-selected", "true");
    p.box.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({block: "nearest"});
    stateOf(picker).active = index;
  }

  function search(picker) {
    var p = parts(picker), state = stateOf(picker), url = picker.dataset.url;
    window.clearTimeout(state.timer);
    if (state.request) state.request.abort();
    state.request = new AbortController();
    var seq = ++state.seq;
    var query = (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(p.box.value);
    fetch(url + query, {headers: {Accept: "application/json"}, credentials: "same-origin",
                        signal: state.request.signal})
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (seq === state.seq && document.activeElement === p.box) show(picker, data);
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        close(picker);
        say(picker, "The search did not answer: type the full name and save.");
      });
  }

  function searchSoon(picker) {
    var state = stateOf(picker);
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(function () { search(picker); }, DELAY_MS);
  }

  function addChip(picker, value, label) {
    var p = parts(picker);
    var chip = document.createElement("li"), tag = document.createElement("label");
    var tick = document.createElement("input");
    chip.className = "chip";
    tick.type = "checkbox";
    tick.name = p.box.name.slice(0, -SUFFIX.length);
    tick.value = value;
    tick.checked = true;
    tag.appendChild(tick);
    tag.appendChild(document.createTextNode(" " + label));
    chip.appendChild(tag);
    p.chips.appendChild(chip);
  }

  function pick(picker, option) {
    var p = parts(picker), value = option.dataset.value, label = option.dataset.label;
    if (p.chips) {
      if (chosenValues(picker).indexOf(value) >= 0) {
        say(picker, label + " is already chosen.");
      } else {
        addChip(picker, value, label);
        say(picker, label + " added; " + howMany(picker) + " chosen.");
      }
      p.box.value = "";
    } else {
      p.value.value = value;
      p.box.value = label;
      say(picker, label + " chosen.");
    }
    close(picker);
    p.box.focus();
  }

  function removeChip(picker, chip) {
    var label = chip.textContent.trim();
    chip.remove();
    say(picker, label + " removed; " + howMany(picker) + " chosen.");
    parts(picker).box.focus();
  }

  function onKey(event) {
    var box = event.target, picker = pickerOf(box);
    if (!picker || !box.classList.contains("picker-box")) return;
    var state = stateOf(picker), all = options(picker);
    state.selectedOnFocus = false;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (isOpen(picker)) {
          activate(picker, state.active + 1);
        } else {
          state.activateFirst = true;
          search(picker);
        }
        break;
      case "ArrowUp":
        event.preventDefault();
        if (isOpen(picker)) activate(picker, state.active < 0 ? -1 : state.active - 1);
        break;
      case "Enter":
        if (isOpen(picker) && state.active >= 0 && all[state.active]) {
          event.preventDefault();  // pick, do not send the form
          pick(picker, all[state.active]);
        } else if (state.activateFirst) {
          event.preventDefault();  // Down asked for the list, which is still on its way
        }
        break;
      case "Escape":
        if (isOpen(picker)) {
          event.preventDefault();
          close(picker);
        } else if (box.value) {
          event.preventDefault();
          box.value = "";
          if (parts(picker).value) parts(picker).value.value = "";
        }
        break;
      case "Backspace":
        if (!box.value && chips(picker).length) {
          event.preventDefault();
          removeChip(picker, chips(picker).pop());
        }
        break;
      case "Tab":
        close(picker);
        break;
    }
  }

  function onInput(event) {
    var box = event.target, picker = pickerOf(box);
    if (!picker || !box.classList.contains("picker-box")) return;
    var value = parts(picker).value;
    if (value) value.value = "";  // the text typed is no longer the person picked
    if (box.value.trim()) {
      searchSoon(picker);
    } else {
      window.clearTimeout(stateOf(picker).timer);
      close(picker);
    }
  }

  function onChange(event) {
    var tick = event.target, picker = pickerOf(tick);
    if (picker && tick.type === "checkbox" && !tick.checked && tick.closest(".chip")) {
      removeChip(picker, tick.closest(".chip"));
    }
  }

  function onFocusOut(event) {
    var picker = pickerOf(event.target);
    if (picker && !picker.contains(event.relatedTarget)) close(picker);
  }

  function onFocusIn(event) {
    var box = event.target, picker = pickerOf(box);
    // One value: typing replaces the name shown rather than adding to it.
    if (picker && box.classList.contains("picker-box") && parts(picker).value && box.value) {
      box.select();
      stateOf(picker).selectedOnFocus = true;
    }
  }

  function onMouseUp(event) {
    var picker = pickerOf(event.target);
    // The click that focused the box would otherwise put the caret in the selected name.
    if (picker && stateOf(picker).selectedOnFocus) event.preventDefault();
    if (picker) stateOf(picker).selectedOnFocus = false;
  }

  function onMouseDown(event) {
    var option = event.target.closest ? event.target.closest(".picker-list [role=option]") : null;
    if (option) {
      event.preventDefault();  // the box keeps the focus
      pick(pickerOf(option), option);
    }
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("input", onInput);
  document.addEventListener("change", onChange);
  document.addEventListener("focusout", onFocusOut);
  document.addEventListener("focusin", onFocusIn);
  document.addEventListener("mousedown", onMouseDown);
  document.addEventListener("mouseup", onMouseUp);
})();
