from django import forms

from ceremonies.meetings.state import MAX_EXTEND_MINUTES
from metascrum.lib.forms import TextField
from programmes.forms import DateInput
from programmes.models import Person, Team


class ControlForm(forms.Form):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    minutes = forms.IntegerField(required=False, min_value=1, max_value=MAX_EXTEND_MINUTES,
                                 initial=2)


class AgendaItemForm(forms.Form):
    title = TextField(max_length=160)
    minutes = forms.DecimalField(min_value=0.5, max_value=480, decimal_places=1,
                                 help_text="Timebox in minutes.")

    @property
    def timebox_seconds(self) -> int:
        return int(self.cleaned_data["minutes"] * 60)


class NoteForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    text = TextField(max_length=5000, required=False, strip=False,
                     widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    text = TextField(max_length=500, label="Decision",
                     widget=forms.Textarea(attrs={"rows": 2}))

    def record_kwargs(self) -> dict:
        return {"text": self.cleaned_data["text"]}


class ActionItemForm(forms.Form):
    text = TextField(max_length=300, label="Action")
    owner = forms.ModelChoiceField(queryset=Person.objects.none(),
                                   help_text="They find it in their inbox and are reminded.")
    due = forms.DateField(required=False, widget=DateInput(),
                          help_text="Reminded the day before, and once if it is overdue.")

    def __init__(self, *args, people, today, **kwargs):
        # Its own ids: the decision form beside it on the room page has a `text` field too.
        kwargs.setdefault("auto_id", "id_action_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.today = today

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due is not None and due < self.today:
            raise forms.ValidationError(
                f"That day has passed; pick {self.today:%-d %B %Y} or later.")
        return due


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
