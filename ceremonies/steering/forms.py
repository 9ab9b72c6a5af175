"""Forms of the steering pages and of a decision recorded in a Steering Committee."""

from __future__ import annotations

from django import forms

from ceremonies.models import Milestone, Objective
from ceremonies.room.forms import DecisionForm
from ceremonies.room.selectors import programme_people
from programmes.forms import DateInput
from programmes.models import Booking, Resource, Team


class _Versioned(forms.ModelForm):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def save_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ObjectiveForm(_Versioned):
    class Meta:
        model = Objective
        fields = ["title", "description", "owner", "target_date", "status", "progress"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "target_date": DateInput(),
                   "progress": forms.NumberInput(attrs={"min": 0, "max": 100})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = programme_people(programme)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class BookingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Booking) -> str:
        return f"{obj.resource} · {obj.team} · {obj.starts_at:%Y-%m-%d %H:%M} UTC"


class MilestoneForm(_Versioned):
    booking = BookingChoice(queryset=Booking.objects.none(), required=False,
                            label="Release slot booking")

    class Meta:
        model = Milestone
        fields = ["title", "objective", "due_date", "delivered_on", "booking"]
        widgets = {"due_date": DateInput(), "delivered_on": DateInput()}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = programme.objectives.all()
        self.fields["booking"].queryset = (
            Booking.objects.filter(resource__programme=programme,
                                   resource__kind=Resource.Kind.RELEASE_SLOT)
            .exclude(status__in=[Booking.Status.DECLINED, Booking.Status.CANCELLED])
            .select_related("resource", "team"))
        self.fields["delivered_on"].help_text = "Leave empty until it is delivered."
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class TeamChoices(forms.ModelMultipleChoiceField):
    """Teams of a programme tree; a child programme's teams are named with their programme."""

    programme_id = None

    def label_from_instance(self, obj: Team) -> str:
        if obj.programme_id == self.programme_id:
            return obj.name
        return f"{obj.name} ({obj.programme.name})"


class SteeringDecisionForm(DecisionForm):
    """A decision against a pack item, routed down to the teams it affects."""

    pack_item = forms.ChoiceField(required=False, label="About (pack item)")
    teams = TeamChoices(
        queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Teams affected", help_text="Each team gets the decision to acknowledge.")

    def __init__(self, *args, programme, pack_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pack_item"].choices = [("", "— not about one item —"), *pack_choices]
        self.fields["teams"].queryset = (Team.objects
                                         .filter(programme__path__startswith=programme.path)
                                         .select_related("programme")
                                         .order_by("programme__name", "name"))
        self.fields["teams"].programme_id = programme.pk
        self.pack_labels = dict(pack_choices)

    def record_kwargs(self) -> dict:
        ref = self.cleaned_data.get("pack_item") or ""
        return {"text": self.cleaned_data["text"], "teams": list(self.cleaned_data["teams"]),
                "pack_ref": ref, "pack_label": self.pack_labels.get(ref, "")}
