"""Forms of the Brown Bag and the solved-first register."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ceremonies.models import RegisterEntry, Talk
from metascrum.lib.forms import TextField, text_formfield
from programmes.forms import DateInput
from programmes.models import Team
from programmes.permissions import Access


def _own_teams(access: Access):
    teams = access.programme.teams.order_by("name")
    return teams if access.may_manage else teams.filter(pk__in=list(access.team_roles))


class TalkForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = Talk
        fields = ["title", "team", "kind", "minutes", "summary", "links"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}),
                   "links": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": _("Title"), "team": _("Team"), "kind": _("Kind"),
                  "minutes": _("Minutes"), "summary": _("Summary"), "links": _("Links")}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        teams = _own_teams(access)
        self.fields["team"].queryset = teams
        self.fields["team"].required = access.is_team_member and not access.may_manage
        if access.is_team_member and not self.is_bound:
            self.initial.setdefault("team", teams.first())


class VoteForm(forms.Form):
    vote = forms.ChoiceField(choices=[("on", _("Vote")), ("off", _("Take back"))], required=False)

    @property
    def wanted(self) -> bool | None:
        value = self.cleaned_data.get("vote")
        return None if not value else value == "on"


class QuestionForm(forms.Form):
    title = TextField(max_length=200, label=_("Question"))
    details = TextField(max_length=4000, required=False, label=_("Details"),
                        widget=forms.Textarea(attrs={"rows": 3}))


class AgendaPlanForm(forms.Form):
    """One row per talk: its place, its minutes and whether it is on the agenda."""

    def __init__(self, *args, talks, **kwargs):
        super().__init__(*args, **kwargs)
        self.talks = talks
        for n, talk in enumerate(talks, start=1):
            title = {"title": talk.title}
            self.fields[f"order-{talk.pk}"] = forms.IntegerField(
                min_value=1, max_value=999, initial=n, label=_("Place of “%(title)s”") % title)
            self.fields[f"minutes-{talk.pk}"] = forms.IntegerField(
                min_value=1, max_value=60, initial=talk.minutes,
                label=_("Minutes for “%(title)s”") % title)
            self.fields[f"include-{talk.pk}"] = forms.BooleanField(
                required=False, initial=True, label=_("“%(title)s” on the agenda") % title)

    def rows(self):
        for talk in self.talks:
            yield (talk, self[f"order-{talk.pk}"], self[f"minutes-{talk.pk}"],
                   self[f"include-{talk.pk}"])

    def choices(self) -> dict[int, tuple[int, int, bool]]:
        data = self.cleaned_data
        return {t.pk: (data[f"order-{t.pk}"], data[f"minutes-{t.pk}"], data[f"include-{t.pk}"])
                for t in self.talks}


class RegisterEntryForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = RegisterEntry
        fields = ["problem", "tags", "team", "solved_on", "write_up", "links", "talk"]
        widgets = {"solved_on": DateInput(), "write_up": forms.Textarea(attrs={"rows": 8}),
                   "links": forms.Textarea(attrs={"rows": 2})}
        labels = {"problem": _("Problem"), "tags": _("Tags"), "team": _("Team"),
                  "solved_on": _("Solved on"), "write_up": _("Write-up"), "links": _("Links"),
                  "talk": _("Talk")}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        teams = _own_teams(access)
        self.fields["team"].queryset = teams
        self.fields["talk"].queryset = (Talk.objects.filter(programme=access.programme)
                                        .select_related("team").order_by("-created_at"))
        self.fields["talk"].label_from_instance = lambda t: f"{t.title} ({t.team or '—'})"
        if not self.is_bound:
            self.initial.setdefault("team", teams.first())


class ReuseForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Our team"))
    note = TextField(max_length=300, required=False, label=_("How it helped"))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if not self.is_bound:
            self.initial.setdefault("team", teams.first())


class SearchForm(forms.Form):
    q = TextField(max_length=200, required=False, label=_("Search the register"))
