from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metascrum.lib.forms import TextField, text_formfield
from programmes.models import ColourScheme, Person, Programme, Sprint, Team


class DateInput(forms.DateInput):
    """A native date picker; its value must be ISO whatever the active locale formats."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = Programme
        fields = ["name", "slug", "description", "timezone", "sprint_length_days",
                  "first_sprint_start"]
        widgets = {
            "first_sprint_start": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": gettext_lazy("Name"),
            "slug": gettext_lazy("Slug"),
            "description": gettext_lazy("Description"),
            "timezone": gettext_lazy("Timezone"),
            "sprint_length_days": gettext_lazy("Sprint length days"),
            "first_sprint_start": gettext_lazy("First sprint start"),
        }
        help_texts = {
            "slug": gettext_lazy("Used in links; leave empty to derive it from the name."),
            "sprint_length_days": gettext_lazy(
                "Days per sprint, shared by every team of the programme."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class TeamForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = Team
        fields = ["name", "description"]
        labels = {"name": gettext_lazy("Name"), "description": gettext_lazy("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Team.objects.filter(programme=self.programme, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This programme already has a team with that name."))
        return name


ROLE_CHOICES = [
    ("msm", gettext_lazy("Meta Scrum Master of the programme")),
    ("stakeholder", gettext_lazy("Stakeholder of the programme")),
    ("scrum_master", gettext_lazy("Scrum Master of a team")),
    ("member", gettext_lazy("Member of a team")),
]


class InviteForm(forms.Form):
    """Give a role to a person by email, inviting them if they have no account yet."""

    email = forms.EmailField(label=gettext_lazy("Email"))
    name = TextField(label=gettext_lazy("Name"), max_length=150, required=False,
                     help_text=gettext_lazy("Only used when the person is new to metascrum."))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ROLE_CHOICES)
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.none(),
                                  required=False,
                                  help_text=gettext_lazy("For a Scrum Master or member."))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = programme.teams.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("role") in ("scrum_master", "member") and not data.get("team"):
            self.add_error("team", _("Choose the team this person joins."))
        return data


class SprintGoalForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = Sprint
        fields = ["goal"]
        labels = {"goal": gettext_lazy("Goal")}


class PersonSettingsForm(forms.ModelForm):
    class Meta:
        formfield_callback = text_formfield
        model = Person
        fields = ["name", "timezone", "colour_scheme", "language"]
        labels = {"name": gettext_lazy("Name"), "timezone": gettext_lazy("Timezone")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour_scheme"].required = False  # left out, as the device is set

    def clean_colour_scheme(self) -> str:
        return self.cleaned_data["colour_scheme"] or ColourScheme.SYSTEM




class TokenForm(forms.Form):
    name = TextField(label=gettext_lazy("Name"), max_length=80,
                     help_text=gettext_lazy("What uses it, e.g. “Jira automation”."))

