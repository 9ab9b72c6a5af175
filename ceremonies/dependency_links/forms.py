from django import forms
from django.utils.translation import gettext_lazy as _

from metascrum.lib.forms import TextField


class DependencyLinkForm(forms.Form):
    reference = TextField(label=_("Tracker item"), max_length=500,
                          help_text=_("Its link, or its key: PAY-7, acme/ledger#12."))
