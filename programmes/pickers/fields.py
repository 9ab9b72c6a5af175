"""Form fields that pick people or teams by searching, for lists too long for a <select>.

`PersonPicker` picks one person, `TeamPicker` one team, `TeamsPicker` several. The page gets a
text box that searches as one types (metascrum.lib.combobox and static/js/picker.js) and never
the whole list; the form still validates on the server against the queryset it is given, like
a ModelChoiceField, and returns the same values (an instance or None; a list for TeamsPicker).
Without JavaScript, what is typed in the box is resolved here: a full email address or an
exact name (a team's name, or "Name (Programme)" for a team of another programme); nothing or
several matching is a clear error next to the field, and the text stays in the box.

Adopting it in a form (the room's action form does) takes two lines: declare the field, and
in `__init__` say what may be chosen and which registered source searches it::

    owner = PersonPicker(label="Owner")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].offer(programme_people(meeting.programme),
                                   programme=meeting.programme, source="meeting-people",
                                   meeting=meeting.pk)

`source` names a `programmes.pickers.sources.picker_source` whose choices are the same
queryset (ceremonies/meetings/pickers.py holds the room's: "meeting-people", and
"meeting-teams" for the teams of the programme's whole tree, for `TeamsPicker`). Tests post
the id as before (`{"owner": person.pk}`), or the text (`{"owner__text": "ana@example.com"}`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from metascrum.lib.combobox import Combobox, Picked, Shown
from metascrum.lib.text import showable, text_problem
from programmes.models import Programme
from programmes.pickers.kinds import PEOPLE, TEAMS, Kind, resolve
from programmes.pickers.sources import MAX_ID


class _Picker(forms.ModelChoiceField):
    kind: Kind
    many = False

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("help_text", self.kind.help)
        kwargs.setdefault("widget", Combobox(many=self.many,
                                             nouns=(self.kind.one, self.kind.many)))
        if queryset is None:
            queryset = self.kind.model.objects.none()
        super().__init__(queryset, empty_label=None, **kwargs)
        self.programme: Programme | None = None

    def offer(self, queryset, *, programme: Programme, source: str, **params) -> None:
        """Choose among `queryset`, searched through `source` of `programme`'s pages."""
        self.queryset = queryset
        self.programme = programme
        url = reverse("programmes:pick", kwargs={"slug": programme.slug, "source": source})
        self.widget.url = f"{url}?{urlencode(params)}" if params else url

    def label_from_instance(self, obj) -> str:
        return self.kind.label(obj, self.programme)

    # Reading what was posted

    def _objects(self, ids) -> list:
        """The allowed rows of these ids, in their order; any other id is refused."""
        if not ids:
            return []
        if not all(i.isascii() and i.isdigit() and 0 < int(i) <= MAX_ID for i in ids):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        rows = self.queryset.filter(pk__in=ids).select_related(*self.kind.related)
        by_id = {str(row.pk): row for row in rows}
        if len(by_id) < len(set(ids)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return [by_id[i] for i in dict.fromkeys(ids)]

    def _resolve(self, text: str):
        """The one allowed row `text` names, or a ValidationError saying why not."""
        rows = resolve(self.kind, self.queryset, text)
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise ValidationError(self._nothing(text), code="no_match")
        raise ValidationError(self._several(text, rows), code="ambiguous")

    def _nothing(self, text: str) -> str:
        if self.kind is PEOPLE:
            return _("No one here is called “%(text)s”: type a full name or email address, "
                     "or choose from the list.") % {"text": text}
        return _("No team here is called “%(text)s”: type its full name, or choose from the "
                 "list.") % {"text": text}

    def _several(self, text: str, rows: list) -> str:
        if self.kind is PEOPLE:
            return _("More than one person here is called “%(text)s”: type the email address "
                     "of the one you mean, or choose from the list.") % {"text": text}
        labels = _(" or ").join(f"“{self.label_from_instance(row)}”" for row in rows)
        return _("More than one team here is called “%(text)s”: type %(labels)s.") % {
            "text": text, "labels": labels}

    @staticmethod
    def _text(picked: Picked) -> str:
        if problem := text_problem(picked.text or ""):
            raise ValidationError(problem, code="text_not_storable")
        return " ".join((picked.text or "").split())

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        """Other ids were posted, or a text (which only `clean` resolves)."""
        if not isinstance(data, Picked):
            return False
        return set(data.ids) != set(self._ids(initial)) or bool((data.text or "").strip()
                                                                and not data.ids)

    @staticmethod
    def _ids(value) -> list[str]:
        values = value if isinstance(value, list | tuple | QuerySet) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    # Showing it again

    def prepare_value(self, value) -> Shown:
        if isinstance(value, Shown):
            return value
        if isinstance(value, Picked):
            return self._shown_posted(value)
        chosen = self._labelled(self._ids(value))
        return Shown(chosen=chosen, text="" if self.many or not chosen else chosen[0][1])

    def _labelled(self, ids) -> tuple[tuple[str, str], ...]:
        """(id, label) of the allowed rows among `ids`, in their order; others are left out."""
        ids = [i for i in ids if i.isascii() and i.isdigit() and 0 < int(i) <= MAX_ID]
        if not ids:
            return ()
        rows = {str(row.pk): row for row in
                self.queryset.filter(pk__in=ids).select_related(*self.kind.related)}
        return tuple((i, self.label_from_instance(rows[i])) for i in dict.fromkeys(ids)
                     if i in rows)

    def _shown_posted(self, picked: Picked) -> Shown:
        chosen = self._labelled(picked.ids if self.many else picked.ids[:1])
        if picked.text is not None:
            return Shown(chosen=chosen, text=showable(picked.text))
        return Shown(chosen=chosen, text="" if self.many or not chosen else chosen[0][1])


class _OnePicker(_Picker):
    def clean(self, value):
        picked = value if isinstance(value, Picked) else Picked()
        text = self._text(picked)
        chosen = self._objects(picked.ids[:1])
        if picked.text is None:  # no box posted: a client that sends the id alone
            row = chosen[0] if chosen else None
        elif not text:
            row = None  # the box was emptied: nothing is chosen
        elif chosen and text == " ".join(self.label_from_instance(chosen[0]).split()):
            row = chosen[0]  # the name shown is the one picked (homonyms included)
        else:
            row = self._resolve(text)
        self.validate(row)
        self.run_validators(row)
        return row


class PersonPicker(_OnePicker):
    """One person, found by name or email; cleans to a Person or None."""

    kind = PEOPLE


class TeamPicker(_OnePicker):
    """One team, found by its name (or its programme's); cleans to a Team or None."""

    kind = TEAMS


class TeamsPicker(_Picker):
    """Several teams: the chosen ones are chips (ticked checkboxes, untick to remove); without
    JavaScript more are added by typing their names, separated by commas. Cleans to a list."""

    kind = TEAMS
    many = True

    def clean(self, value):
        picked = value if isinstance(value, Picked) else Picked()
        text = self._text(picked)
        rows, errors = self._objects(picked.ids), []
        for name in filter(None, (part.strip() for part in text.split(","))):
            try:
                rows.append(self._resolve(name))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        rows = list({row.pk: row for row in rows}.values())
        self.validate(rows)
        self.run_validators(rows)
        return rows
