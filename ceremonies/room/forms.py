from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ceremonies.meetings.decisions import addressable_teams
from ceremonies.meetings.lists import programme_people
from ceremonies.meetings.state import MAX_EXTEND_MINUTES
from ceremonies.models import ItemKind
from feedback.services import has_stakeholders
from metascrum.lib.forms import TextField
from programmes.forms import DateInput
from programmes.pickers.fields import PersonPicker, TeamsPicker


class ControlForm(forms.Form):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    minutes = forms.IntegerField(required=False, min_value=1, max_value=MAX_EXTEND_MINUTES,
                                 initial=2)


class AgendaItemForm(forms.Form):
    title = TextField(max_length=160, label=_("Title"))
    minutes = forms.DecimalField(min_value=0.5, max_value=480, decimal_places=1, label=_("Minutes"),
                                 help_text=_("Timebox in minutes."))
    kind = forms.ChoiceField(
        choices=ItemKind.choices, required=False, label=_("Kind"),
        help_text=_("A walk of the impediment backlog shows its top, in the MSM's order, "
                    "whatever the item is called."))

    @property
    def timebox_seconds(self) -> int:
        return int(self.cleaned_data["minutes"] * 60)


class NoteForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    text = TextField(max_length=5000, required=False, strip=False, label=_("Notes"),
                     widget=forms.Textarea(attrs={"rows": 4}))


class ActionItemForm(forms.Form):
    text = TextField(max_length=300, label=_("Action"))
    owner = PersonPicker(label=_("Owner"), help_text=_("Type part of a name or an email address, "
                         "then choose. They find it in their inbox and are reminded."))
    due = forms.DateField(required=False, widget=DateInput(), label=_("Due"),
                          help_text=_("Reminded the day before, and once if it is overdue."))

    def __init__(self, *args, meeting, **kwargs):
        # Its own ids: the decision form beside it on the room page has a `text` field too.
        kwargs.setdefault("auto_id", "id_action_%s")
        super().__init__(*args, **kwargs)
        programme = meeting.programme
        self.fields["owner"].offer(programme_people(programme), programme=programme,
                                   source="meeting-people", meeting=meeting.pk)
        self.today = programme.today()

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due is not None and due < self.today:
            raise forms.ValidationError(
                _("That day has passed; pick %(day)s or later.")
                % {"day": date_format(self.today, "DATE_FORMAT")})
        return due


class MinutesRecipientForm(forms.Form):
    person = PersonPicker(label=_("Also send the minutes to"))

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "id_minutes_%s")  # the action form beside it picks people too
        super().__init__(*args, **kwargs)
        programme = meeting.programme
        self.fields["person"].offer(programme_people(programme), programme=programme,
                                    source="meeting-people", meeting=meeting.pk)


class DecisionForm(forms.Form):
    """A decision in any meeting, and whom it goes to: teams of the meeting's programme tree
    (the running slot's team proposed), all of them, its stakeholders, or nobody."""

    text = TextField(max_length=500, label=_("Decision"),
                     widget=forms.Textarea(attrs={"rows": 2}))
    all_teams = forms.BooleanField(required=False)
    teams = TeamsPicker(required=False, label=_("Teams"),
                        help_text=_("Type part of a team's name, then choose; untick one to "
                                  "take it off."))
    stakeholders = forms.BooleanField(required=False)
    described_by = ("text",)

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "decision-%s")  # the room has other forms' `text` fields
        super().__init__(*args, **kwargs)
        programme = meeting.programme
        teams = self.fields["teams"]
        teams.offer(addressable_teams(programme), programme=programme, source="meeting-teams",
                    meeting=meeting.pk)
        teams.error_messages["invalid_choice"] = teams.error_messages["invalid_pk_value"] = (
            _("Choose among the teams listed: only teams of %(programme)s and of the programmes "
              "inside it can be sent this decision.") % {"programme": programme})
        self.fields["all_teams"].label = _("All teams of %(programme)s") % {
            "programme": programme}
        slot = meeting.current_item if meeting.is_live else None
        self.slot_team = slot.team if slot is not None and slot.team_id else None
        if self.slot_team is not None:
            self.initial.setdefault("teams", [self.slot_team.pk])
        if has_stakeholders(programme):
            self.fields["stakeholders"].label = _("The stakeholders of %(programme)s") % {
                "programme": programme}
        else:
            del self.fields["stakeholders"]

    def described(self) -> list:
        """The fields that say what was decided (the addressing has its own fieldset)."""
        return [self[name] for name in self.described_by]

    def clean(self):
        data = super().clean()
        if data.get("all_teams"):
            data["teams"] = list(self.fields["teams"].queryset)
        elif data.get("teams"):  # in the order of the tree, however they were picked
            data["teams"] = sorted(data["teams"], key=lambda t: (t.programme.path, t.name))
        return data

    def record_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"text": data["text"], "teams": list(data.get("teams") or ()),
                "stakeholders": bool(data.get("stakeholders"))}


class SteeringDecisionForm(DecisionForm):
    """A decision against a pack item, sent as any meeting's decision is."""

    pack_item = forms.ChoiceField(required=False, label=_("About (pack item)"))
    described_by = ("text", "pack_item")

    def __init__(self, *args, pack_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack_item"].choices = [("", _("— not about one item —")), *pack_choices]
        self.pack_labels = dict(pack_choices)

    def record_kwargs(self) -> dict:
        ref = self.cleaned_data.get("pack_item") or ""
        return {**super().record_kwargs(), "pack_ref": ref,
                "pack_label": self.pack_labels.get(ref, "")}
