"""Forms of the steering pages: objectives and milestones."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ceremonies.meetings.lists import programme_people
from ceremonies.models import Milestone, Objective
from metascrum.lib.forms import text_formfield
from programmes.forms import DateInput
from programmes.models import Booking, Resource
from programmes.pickers.fields import PersonPicker


class _Versioned(forms.ModelForm):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def save_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ObjectiveForm(_Versioned):
    owner = PersonPicker(required=False, label=_("Owner"))

    class Meta:
        formfield_callback = text_formfield
        model = Objective
        fields = ["title", "description", "owner", "target_date", "status", "progress"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "target_date": DateInput(),
                   "progress": forms.NumberInput(attrs={"min": 0, "max": 100})}
        labels = {"title": _("Title"), "description": _("Description"),
                  "target_date": _("Target date"), "status": _("Status"),
                  "progress": _("Progress")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].offer(programme_people(programme), programme=programme,
                                   source="objective-owner")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class BookingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Booking) -> str:
        return f"{obj.resource} · {obj.team} · {obj.starts_at:%Y-%m-%d %H:%M} UTC"


class MilestoneForm(_Versioned):
    booking = BookingChoice(queryset=Booking.objects.none(), required=False,
                            label=_("Release slot booking"))

    class Meta:
        formfield_callback = text_formfield
        model = Milestone
        fields = ["title", "objective", "due_date", "delivered_on", "booking"]
        widgets = {"due_date": DateInput(), "delivered_on": DateInput()}
        labels = {"title": _("Title"), "objective": _("Objective"), "due_date": _("Due date"),
                  "delivered_on": _("Delivered on")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = programme.objectives.all()
        self.fields["booking"].queryset = (
            Booking.objects.filter(resource__programme=programme,
                                   resource__kind=Resource.Kind.RELEASE_SLOT)
            .exclude(status__in=[Booking.Status.DECLINED, Booking.Status.CANCELLED])
            .select_related("resource", "team"))
        self.fields["delivered_on"].help_text = _("Leave empty until it is delivered.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
