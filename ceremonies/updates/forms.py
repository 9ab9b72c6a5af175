"""Forms of the daily update: quick to fill on a phone, needs on other teams included."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ceremonies.models import DailyUpdate, Dependency, Health
from ceremonies.updates.pickers import teams_to_ask
from ceremonies.updates.services import Need, Stop
from metascrum.lib.forms import TextField, text_formfield
from programmes.forms import DateInput
from programmes.models import Team
from programmes.pickers.fields import TeamPicker

NEED_ROWS = 3
STOP_ROWS = 2
MAX_ID = 2**31 - 1


class UpdateForm(forms.ModelForm):
    version = forms.IntegerField(required=False, min_value=0, max_value=MAX_ID,
                                 widget=forms.HiddenInput)
    meeting = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                 widget=forms.HiddenInput)

    class Meta:
        formfield_callback = text_formfield
        model = DailyUpdate
        fields = ["health", "health_reason", "done", "next", "nothing_new", "blockers",
                  "resources_needed"]
        widgets = {
            "health": forms.RadioSelect,
            "health_reason": forms.TextInput(attrs={"data-count": ""}),
            "done": forms.Textarea(attrs={"rows": 3}),
            "next": forms.Textarea(attrs={"rows": 3}),
            "blockers": forms.Textarea(attrs={"rows": 3}),
            "resources_needed": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"health": _("Health"), "health_reason": _("Why (needed for amber and red)"),
                  "done": _("Done since the last one"), "next": _("Doing next"),
                  "nothing_new": _("Nothing new since the last update"),
                  "blockers": _("Slowing us down"),
                  "resources_needed": _("Shared resources we need")}
        error_messages = {
            "health": {"required": _("Choose the team's health: green, amber or red.")}}

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["health"].choices = Health.choices  # three radios, none of them "unset"
        others = teams_to_ask(team)
        for n in range(1, NEED_ROWS + 1):
            self.fields[f"need_team_{n}"] = picker = TeamPicker(
                required=False, label=_("Need %(n)s: from team") % {"n": n})
            picker.offer(others, programme=team.programme, source="update-needs", team=team.pk)
            self.fields[f"need_what_{n}"] = TextField(
                max_length=300, required=False, label=_("Need %(n)s: what") % {"n": n})
            self.fields[f"need_by_{n}"] = forms.DateField(
                required=False, label=_("Need %(n)s: by when") % {"n": n},
                widget=DateInput())
        self._add_scaled_questions(team, others)

    def _add_scaled_questions(self, team: Team, others) -> None:
        """The Scrum@Scale questions: will we stop another team; which of our needs are
        resolved (new ones are the need rows above)."""
        for n in range(1, STOP_ROWS + 1):
            self.fields[f"stop_team_{n}"] = picker = TeamPicker(
                required=False, label=_("Team we may stop %(n)s") % {"n": n})
            picker.offer(others, programme=team.programme, source="update-needs", team=team.pk)
            self.fields[f"stop_what_{n}"] = TextField(
                max_length=300, required=False, label=_("How we may stop it %(n)s") % {"n": n})
        self.fields["resolved"] = forms.ModelMultipleChoiceField(
            queryset=Dependency.objects.filter(needing_team=team,
                                               status__in=Dependency.OPEN_STATUSES)
            .select_related("providing_team"),
            required=False, widget=forms.CheckboxSelectMultiple,
            label=_("Needs that are resolved (delivered, or no longer needed)"))
        self.fields["resolved"].label_from_instance = (
            lambda d: _("%(what)s (from %(team)s, %(status)s)") % {
                "what": d.what, "team": d.providing_team,
                "status": d.get_status_display().lower()})

    def clean(self):
        data = super().clean()
        for n in range(1, NEED_ROWS + 1):
            team, what = data.get(f"need_team_{n}"), (data.get(f"need_what_{n}") or "").strip()
            if team and not what and f"need_what_{n}" not in self.errors:
                self.add_error(f"need_what_{n}", _("Say what you need from this team."))
            elif what and not team and f"need_team_{n}" not in self.errors:
                self.add_error(f"need_team_{n}", _("Choose the team you need it from."))
        for n in range(1, STOP_ROWS + 1):
            team, what = data.get(f"stop_team_{n}"), (data.get(f"stop_what_{n}") or "").strip()
            if team and not what and f"stop_what_{n}" not in self.errors:
                self.add_error(f"stop_what_{n}", _("Say how your team may stop this team."))
            elif what and not team and f"stop_team_{n}" not in self.errors:
                self.add_error(f"stop_team_{n}", _("Choose the team you may stop."))
        return data

    @property
    def needs(self) -> list[Need]:
        data = self.cleaned_data
        return [Need(providing_team=data[f"need_team_{n}"],
                     what=data[f"need_what_{n}"].strip(), needed_by=data.get(f"need_by_{n}"))
                for n in range(1, NEED_ROWS + 1) if data.get(f"need_team_{n}")]

    @property
    def stops(self) -> list[Stop]:
        data = self.cleaned_data
        return [Stop(team=data[f"stop_team_{n}"], what=data[f"stop_what_{n}"].strip())
                for n in range(1, STOP_ROWS + 1) if data.get(f"stop_team_{n}")]

    def stop_rows(self):
        return [(self[f"stop_team_{n}"], self[f"stop_what_{n}"])
                for n in range(1, STOP_ROWS + 1)]

    @property
    def update_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    @property
    def needs_open(self) -> bool:
        """Show the needs expanded when something was typed there (or is wrong)."""
        names = [f"need_{part}_{n}" for n in range(1, NEED_ROWS + 1)
                 for part in ("team", "what", "by")]
        return self.is_bound and any(self[n].data or n in self.errors for n in names)

    def need_rows(self):
        return [(self[f"need_team_{n}"], self[f"need_what_{n}"], self[f"need_by_{n}"])
                for n in range(1, NEED_ROWS + 1)]


class BlockerForm(forms.Form):
    line = forms.IntegerField(min_value=0, max_value=1000, widget=forms.HiddenInput)
    back = forms.ChoiceField(choices=[(c, c) for c in ("form", "history", "today", "room")],
                             required=False, widget=forms.HiddenInput)


class PolicyForm(forms.Form):
    members_may_post = forms.BooleanField(required=False,
                                          label=_("Let the team's members post its update"))
