from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback import levels
from feedback.metrics import EARLIEST, LATEST
from feedback.models import FeedbackItem, FeedbackSettings
from feedback.pickers import addressable_teams, delegate_teams, origin_teams, owners
from metascrum.lib.forms import TextField, text_formfield
from programmes.models import Team
from programmes.permissions import Access
from programmes.pickers.fields import PersonPicker, TeamPicker, TeamsPicker

Item = FeedbackItem


class RaiseForm(forms.Form):
    """Raise an item; the choices offered follow the person's role in the programme."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Item.Kind.choices)
    title = TextField(label=gettext_lazy("Title"), max_length=200)
    details = TextField(label=gettext_lazy("Details"), widget=forms.Textarea(attrs={"rows": 4}),
                        required=False)
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), choices=[
        ("up", gettext_lazy("Up — to the programme and beyond")),
        ("down", gettext_lazy("Down — to teams")),
    ], widget=forms.RadioSelect)
    origin_team = TeamPicker(required=False, label=gettext_lazy("Raised for team"))
    teams = TeamsPicker(required=False, label=gettext_lazy("Addressed to teams"),
                        help_text=gettext_lazy("For items going down. Type part of a team's "
                                               "name, then choose."))

    def __init__(self, *args, access: Access, **kwargs):
        self.access = access
        programme = access.programme
        own = origin_teams(access)
        initial = kwargs.setdefault("initial", {})
        if access.is_team_member:
            initial.setdefault("direction", "up")
            initial.setdefault("kind", Item.Kind.IMPEDIMENT)
            initial.setdefault("origin_team", own.first())
        elif access.is_stakeholder and not access.may_manage:
            initial.setdefault("direction", "down")
            initial.setdefault("kind", Item.Kind.DECISION)
        else:
            initial.setdefault("direction", "up")
        super().__init__(*args, **kwargs)
        if access.may_manage or access.is_team_member:
            self.fields["origin_team"].offer(own, programme=programme,
                                             source="feedback-origin-team")
        else:
            del self.fields["origin_team"]
        self.fields["teams"].offer(addressable_teams(programme), programme=programme,
                                   source="feedback-teams")

    def clean(self):
        data = super().clean()
        direction, origin_team = data.get("direction"), data.get("origin_team")
        if direction == "down" and not data.get("teams") and not self.access.is_stakeholder:
            self.add_error("teams", _("Choose the teams this goes down to."))
        if direction == "down" and origin_team:
            self.add_error("origin_team", _("Items a team raises go up; leave the team empty."))
        if (direction == "up" and not origin_team and not self.access.may_manage
                and self.access.is_team_member):
            self.add_error("origin_team", _("Choose the team you raise this for."))
        if direction == "up" and "teams" in data and data.get("teams"):
            self.add_error("teams", _("Only items going down are addressed to teams."))
        return data


class AnswerForm(forms.Form):
    text = TextField(label=gettext_lazy("Answer or action taken"),
                     widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    text = TextField(label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class TrackerLinkForm(forms.Form):
    reference = TextField(label=gettext_lazy("Tracker item"), max_length=500,
                          help_text=gettext_lazy("Its link, or its key: PAY-7, acme/ledger#12."))


class OptionalCommentForm(forms.Form):
    comment = TextField(label=gettext_lazy("Comment (optional)"), required=False,
                        widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(forms.Form):
    """Send the item up to any level above it, named ("Northwind Digital steering"); the
    first choice is one level up, and a post without `to` (a form from before) means that."""

    to = forms.ChoiceField(label=gettext_lazy("Send it to"), required=False, error_messages={
        "invalid_choice": gettext_lazy("Choose one of the levels above this item.")})
    comment = TextField(label=gettext_lazy("Comment (optional)"), required=False,
                        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item: FeedbackItem, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = levels.lineage(item)
        self.rungs = levels.above(item, programmes)
        default = levels.one_step(item, programmes)
        self.fields["to"].choices = [(rung.key, rung.label) for rung in self.rungs]
        self.fields["to"].initial = default.key if default else None

    def clean_to(self) -> levels.Rung | None:
        key = self.cleaned_data["to"]
        return next((rung for rung in self.rungs if rung.key == key), None)


class ReopenForm(forms.Form):
    comment = TextField(label=gettext_lazy("Why reopen it?"),
                        widget=forms.Textarea(attrs={"rows": 2}))


class AcknowledgeForm(forms.Form):
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.none(),
                                  required=False)

    def __init__(self, *args, item: FeedbackItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(feedback_addressed__item=item)


class DelegateForm(forms.Form):
    teams = TeamsPicker(required=False, label=gettext_lazy("Delegate to teams"))
    comment = TextField(label=gettext_lazy("Comment (optional)"), required=False,
                        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item: FeedbackItem, **kwargs):
        super().__init__(*args, **kwargs)
        if item.level != Item.Level.PROGRAMME:
            del self.fields["teams"]
        else:
            self.fields["teams"].offer(delegate_teams(item), programme=item.programme,
                                       source="feedback-delegate", item=item.pk)


class OwnerForm(forms.Form):
    owner = PersonPicker(label=gettext_lazy("Owner"))

    def __init__(self, *args, item: FeedbackItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].offer(owners(item), programme=item.programme,
                                   source="feedback-owner", item=item.pk)
        self.fields["owner"].initial = item.owner_id


class SettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = FeedbackSettings
        fields = ["acknowledge_within_working_days", "answer_within_sprint",
                  "stakeholder_answer_within_days", "escalation_after_working_days"]
        labels = {
            "acknowledge_within_working_days": gettext_lazy("Acknowledge within working days"),
            "answer_within_sprint": gettext_lazy("Answer within sprint"),
            "stakeholder_answer_within_days": gettext_lazy("Stakeholder answer within days"),
            "escalation_after_working_days": gettext_lazy("Escalation after working days"),
        }


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Start"),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    end = forms.DateField(label=gettext_lazy("End"),
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          help_text=gettext_lazy("Inclusive."))

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            if data.get(name) and not EARLIEST <= data[name] <= LATEST:
                self.add_error(name, _("Choose a day from %(first)s to %(last)s.") % {
                    "first": date_format(EARLIEST, "DATE_FORMAT"),
                    "last": date_format(LATEST, "DATE_FORMAT")})
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data
