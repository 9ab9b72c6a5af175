from django import forms
from django.utils.translation import gettext_lazy

from metascrum.lib.forms import text_formfield
from programmes.models import NotificationPreference
from programmes.notifications.registry import reminder_kinds


class NotificationPreferenceForm(forms.ModelForm):
    muted_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Mute these reminders"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Muted reminders are not sent to you on any channel."))

    class Meta:
        formfield_callback = text_formfield
        model = NotificationPreference
        fields = ["email_enabled", "chat_enabled", "muted_kinds", "quiet_start", "quiet_end"]
        labels = {"email_enabled": gettext_lazy("Email"),
                  "chat_enabled": gettext_lazy("Team chat"),
                  "quiet_start": gettext_lazy("Quiet hours start"),
                  "quiet_end": gettext_lazy("Quiet hours end")}
        help_texts = {
            "email_enabled": gettext_lazy("Reminders by email."),
            "chat_enabled": gettext_lazy("Reminders in your team's (or programme's) chat "
                                         "channel, where it has one."),
            "quiet_start": gettext_lazy("In your own time zone. Reminders due in your quiet "
                                        "hours wait until they end — except a meeting about "
                                        "to start."),
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["muted_kinds"].choices = reminder_kinds()
