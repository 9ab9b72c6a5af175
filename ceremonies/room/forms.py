from django import forms

from ceremonies.meetings.state import MAX_EXTEND_MINUTES
from programmes.forms import DateInput
from programmes.models import Person


class ControlForm(forms.Form):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    minutes = forms.IntegerField(required=False, min_value=1, max_value=MAX_EXTEND_MINUTES,
                                 initial=2)


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=160)
    minutes = forms.DecimalField(min_value=0.5, max_value=480, decimal_places=1,
                                 help_text="Timebox in minutes.")

    @property
    def timebox_seconds(self) -> int:
        return int(self.cleaned_data["minutes"] * 60)


class NoteForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(max_length=5000, required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    text = forms.CharField(max_length=500, label="Decision",
                           widget=forms.Textarea(attrs={"rows": 2}))

    def record_kwargs(self) -> dict:
        return {"text": self.cleaned_data["text"]}


class ActionItemForm(forms.Form):
    text = forms.CharField(max_length=300, label="Action")
    owner = forms.ModelChoiceField(queryset=Person.objects.none())
    due = forms.DateField(required=False, widget=DateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
