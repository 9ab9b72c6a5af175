"""Forms of a dependency's answer and close, one small form per row."""

from __future__ import annotations

from django import forms

from ceremonies.dependencies.services import ANSWERS
from ceremonies.models import Dependency
from metascrum.lib.forms import TextField
from programmes.forms import DateInput

S = Dependency.Status


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[(s, S(s).label) for s in ANSWERS],
                               widget=forms.RadioSelect, label="Answer",
                               error_messages={"required": "Choose accept, counter or decline."})
    committed_date = forms.DateField(required=False, widget=DateInput(),
                                     label="Date (to accept or counter)")
    reason = TextField(max_length=500, required=False, label="Reason or note")


class CloseForm(forms.Form):
    status = forms.ChoiceField(choices=[(S.DELIVERED, "Delivered"), (S.DROPPED, "Dropped")],
                               error_messages={"required": "Choose delivered or dropped."})
