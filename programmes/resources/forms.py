"""Forms for shared resources and booking requests; times are typed in the viewer's zone."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metascrum.lib.forms import TextField, text_formfield
from programmes.models import Resource, Team
from programmes.resources.services import when

ISO_MINUTES = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker; its value is ISO whatever the active locale."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_MINUTES)


def _datetime_field(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DateTimeInput(),
                               input_formats=[ISO_MINUTES, "%Y-%m-%dT%H:%M:%S",
                                              "%Y-%m-%d %H:%M"], **kwargs)


class ResourceForm(forms.ModelForm):
    window_starts_at = _datetime_field(
        gettext_lazy("Window starts"), required=False,
        help_text=gettext_lazy("Release slots only, in your time zone."))
    window_ends_at = _datetime_field(gettext_lazy("Window ends"), required=False,
                                     help_text=gettext_lazy("Release slots only."))

    class Meta:
        formfield_callback = text_formfield
        model = Resource
        fields = ["kind", "name", "description", "window_starts_at", "window_ends_at"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": gettext_lazy("Kind"), "name": gettext_lazy("Name"),
                  "description": gettext_lazy("Description")}
        help_texts = {"kind": gettext_lazy("A test environment is booked for any time range; a "
                                           "release slot is one fixed window that goes to one "
                                           "team.")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        if self.instance.pk:
            # Its bookings were made for this kind: a release slot's all take its window.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Fixed once the resource exists.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Resource.objects.filter(programme=self.programme, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This programme already has a resource with that name."))
        return name


class BookingRequestForm(forms.Form):
    resource = forms.ModelChoiceField(label=gettext_lazy("Resource"),
                                      queryset=Resource.objects.none(),
                                      empty_label=gettext_lazy("Choose a resource"))
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.none(),
                                  empty_label=gettext_lazy("Choose your team"))
    starts_at = _datetime_field(gettext_lazy("From"), required=False,
                                help_text=gettext_lazy("In your time zone. Not needed for a "
                                                       "release slot: it takes the slot's "
                                                       "window."))
    ends_at = _datetime_field(gettext_lazy("Until"), required=False)
    purpose = TextField(label=gettext_lazy("Purpose"), max_length=300, required=False,
                        help_text=gettext_lazy("What the team needs it for, e.g. “load test "
                                               "4.2”."))

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        programme = access.programme
        self.fields["resource"].queryset = Resource.objects.filter(
            programme=programme, archived=False).order_by("kind", "window_starts_at", "name")
        teams = programme.teams.order_by("name")
        if not access.may_manage:
            teams = teams.filter(pk__in=[pk for pk in access.team_roles
                                         if access.team_roles[pk] == "scrum_master"])
        self.fields["team"].queryset = teams
        if not access.may_manage and len(access.team_roles) == 1 and not self.is_bound:
            self.initial.setdefault("team", next(iter(access.team_roles)))
        self.fields["resource"].label_from_instance = _resource_label

    def clean(self):
        data = super().clean()
        resource = data.get("resource")
        if resource is not None and not resource.is_release_slot:
            for name in ("starts_at", "ends_at"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed for a test environment."))
        return data


def _resource_label(resource: Resource) -> str:
    if resource.is_release_slot:
        return _("%(resource)s (release slot %(start)s – %(end)s)") % {
            "resource": resource, "start": when(resource.window_starts_at),
            "end": when(resource.window_ends_at)}
    return _("%(resource)s (test environment)") % {"resource": resource}

