"""Forms of a dependency's answer and close, one small form per row."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ceremonies.dependencies.services import ANSWERS
from ceremonies.models import Dependency
from metascrum.lib.forms import TextField
from programmes.forms import DateInput

S = Dependency.Status


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[(s, S(s).label) for s in ANSWERS],
                               widget=forms.RadioSelect, label=_("Answer"),
                               error_messages={"required": _("Choose accept, counter or decline.")})
    committed_date = forms.DateField(required=False, widget=DateInput(),
                                     label=_("Date (to accept or counter)"))
    reason = TextField(max_length=500, required=False, label=_("Reason or note"))


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(S.DELIVERED, _("Delivered")), (S.DROPPED, _("Dropped"))],
        error_messages={"required": _("Choose delivered or dropped."),
                        "invalid_choice": _("Choose delivered or dropped.")})
