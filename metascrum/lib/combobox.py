"""The picker's widget: a text box that searches as one types, and still works without JS.

It renders, for a field named `owner`:

- the chosen value as a normal form value: `<input type="hidden" name="owner" value="42">`,
  or for a multiple choice one checked checkbox per choice (`name="teams"`), shown as chips
  that are removed by unticking them (Space) or with Backspace in the empty box;
- a text box `owner__text` with the WAI-ARIA 1.2 combobox attributes (role, aria-expanded,
  aria-controls, aria-activedescendant once a match is active), its listbox and a polite
  status line ("12 people found"). static/js/picker.js fetches the matches from `data-url`
  (`?q=…`, JSON) and runs the keys: Down/Up move, Enter picks, Escape closes then clears.

Without JavaScript the text box is a plain text input: what is typed there is posted as
`owner__text` and the form field resolves it on the server (a full email or an exact name).
The widget only renders and reads; which values may be chosen is the field's business
(`programmes.pickers.fields`), so this module imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

TEXT_SUFFIX = "__text"


@dataclass(frozen=True)
class Picked:
    """What a picker posted: the ids chosen from its list, and the text left in its box (None
    when no box was posted: a client sending the id alone)."""

    ids: tuple[str, ...] = ()
    text: str | None = None

    def __bool__(self) -> bool:
        return bool(self.ids) or bool((self.text or "").strip())


@dataclass(frozen=True)
class Shown:
    """What a picker shows: the chosen (value, label) pairs, and the text in its box."""

    chosen: tuple[tuple[str, str], ...] = ()
    text: str = ""


class Combobox(forms.Widget):
    """A searchable picker of one (`many=False`) or several values; see the module's doc."""

    def __init__(self, attrs=None, *, many: bool = False, nouns: tuple[str, str] = ("", "")):
        super().__init__(attrs)
        self.many = many
        self.nouns = nouns
        self.url = ""

    def value_from_datadict(self, data, files, name) -> Picked:
        if hasattr(data, "getlist"):
            ids = data.getlist(name)
        else:  # a plain dict, as tests and Django's own helpers pass
            ids = data.get(name)
            ids = ids if isinstance(ids, list | tuple) else [ids]
        return Picked(ids=tuple(str(v) for v in ids if v), text=data.get(name + TEXT_SUFFIX))

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and name + TEXT_SUFFIX not in data

    def use_required_attribute(self, initial) -> bool:
        return not self.many  # the chips, not the box, hold a multiple choice

    def render(self, name, value, attrs=None, renderer=None):
        shown = value if isinstance(value, Shown) else Shown()
        attrs = self.build_attrs(self.attrs, attrs)
        box = attrs.pop("id", None) or f"picker-{name}"
        one, many = self.nouns
        frame = {"class": "picker picker-many" if self.many else "picker",
                 "data-picker": "many" if self.many else "one", "data-url": self.url,
                 "data-one": one, "data-many": many}
        listbox = {"class": "picker-list", "id": f"{box}-list", "role": "listbox",
                   "aria-label": f"Matching {many}"}
        if self.many:
            listbox["aria-multiselectable"] = "true"
        return format_html(
            '<div{}>{}<div class="picker-field"><input{}><ul{} hidden></ul></div>'
            '<span class="picker-status" id="{}-status" role="status"></span></div>',
            flatatt(frame), self._chosen(name, box, shown),
            flatatt(self._box_attrs(name, box, shown, attrs)), flatatt(listbox), box)

    def _box_attrs(self, name, box, shown, attrs) -> dict:
        classes = " ".join(["picker-box", attrs.get("class", "")]).strip()
        return {**attrs, "type": "text", "id": box, "name": name + TEXT_SUFFIX,
                "value": shown.text, "role": "combobox", "aria-autocomplete": "list",
                "aria-expanded": "false", "aria-controls": f"{box}-list", "autocomplete": "off",
                "spellcheck": "false", "class": classes}

    def _chosen(self, name, box, shown):
        if not self.many:
            value = shown.chosen[0][0] if shown.chosen else ""
            return format_html('<input type="hidden" name="{}" value="{}" class="picker-value">',
                               name, value)
        chips = format_html_join(
            "", '<li class="chip"><label><input type="checkbox" name="{}" value="{}" checked>'
            " {}</label></li>", ((name, value, label) for value, label in shown.chosen))
        return format_html('<ul class="picker-chips" id="{}-chosen" aria-label="Chosen {}">{}'
                           "</ul>", box, self.nouns[1], chips)
