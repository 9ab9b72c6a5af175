"""Forms of the integrations page: chat webhooks (in) and outgoing webhooks (out)."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metascrum.lib.forms import TextField, text_formfield
from programmes.models import ChatApp, ChatWebhook, Programme, WebhookEvent

WEB_URL = URLValidator(schemes=["http", "https"],
                       message=gettext_lazy("Enter an http:// or https:// URL."),
                       code="web_url")  # its own code: the field would reword "invalid"



class ChatWebhookForm(forms.ModelForm):
    """Add or edit a chat webhook; on edit the secret URL is never put back into the page."""

    url = forms.URLField(label=gettext_lazy("Webhook URL"), max_length=500, assume_scheme="https",
                         validators=[WEB_URL])

    class Meta:
        formfield_callback = text_formfield
        model = ChatWebhook
        fields = ["name", "flavour", "team", "url"]
        labels = {"name": gettext_lazy("Name"), "flavour": gettext_lazy("Kind"),
                  "team": gettext_lazy("For team")}

    def __init__(self, *args, programme: Programme, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["team"].queryset = programme.teams.order_by("name")
        self.fields["team"].empty_label = _("The whole programme")
        self.fields["team"].required = False
        if editing:
            self.initial["url"] = ""
            self.fields["url"].required = False
            self.fields["url"].help_text = _("Now %(url)s. Leave empty to keep it.") % {
                "url": self.instance.masked_url}
        else:
            self.fields["url"].help_text = _("The incoming-webhook URL Slack or Teams gave you.")

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        if not url and self.editing:
            return self.instance.url
        return url


class SubscriptionForm(forms.Form):
    name = TextField(label=gettext_lazy("Name"), max_length=120,
                     help_text=gettext_lazy("Who receives it, e.g. “Jira sync”."))
    url = forms.URLField(label=gettext_lazy("Payload URL"), max_length=500,
                         assume_scheme="https", validators=[WEB_URL],
                         help_text=gettext_lazy("Events are POSTed here as JSON, signed with "
                                                "a secret."))
    events = forms.MultipleChoiceField(label=gettext_lazy("Events"), choices=WebhookEvent.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=list(WebhookEvent.values))


class ChatAppForm(forms.ModelForm):
    """Install or change the chat app; a secret left blank on change keeps the stored one,
    and no stored secret is ever put back into the page."""

    signing_secret = TextField(
        label=gettext_lazy("Signing secret (Slack), slash command token (Mattermost) or "
                           "security token (Teams)"),
        required=False,
        max_length=200, widget=forms.PasswordInput(render_value=False))
    bot_token = TextField(
        label=gettext_lazy("Bot token"), required=False, max_length=300,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Slack: the Bot User OAuth Token (xoxb-…). Mattermost: the bot "
                               "account's access token."))
    api_url = forms.URLField(
        label=gettext_lazy("Mattermost server address"), required=False, max_length=300,
        assume_scheme="https", validators=[WEB_URL],
        help_text=gettext_lazy("Mattermost only, e.g. https://chat.example.org."))

    class Meta:
        formfield_callback = text_formfield
        model = ChatApp
        fields = ["platform", "workspace", "signing_secret", "bot_token", "api_url", "channel"]
        labels = {"platform": gettext_lazy("Platform"),
                  "workspace": gettext_lazy("Workspace or team id"),
                  "channel": gettext_lazy("Channel id for the updates")}
        help_texts = {
            "workspace": gettext_lazy("Slack: the workspace's team id (T…). Mattermost: the "
                                      "team id. Teams: the Microsoft 365 tenant id. Requests "
                                      "from anywhere else are refused."),
            "channel": gettext_lazy("Where each team's update is posted, threaded per day; "
                                    "blank for none."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.installed = self.instance.pk is not None
        if self.installed:
            for name in ("signing_secret", "bot_token"):
                self.fields[name].help_text = _("Leave blank to keep the stored one.")
        self.teams = list(self.instance.programme.teams.order_by("name"))
        for team in self.teams:
            self.fields[f"team_channel_{team.pk}"] = TextField(
                label=_("Channel id for %(team)s's updates") % {"team": team}, max_length=80,
                required=False,
                initial=self.instance.team_channels.get(str(team.pk), ""),
                help_text=_("Blank: the channel above."))

    def clean(self):
        data = super().clean()
        for name in ("signing_secret", "bot_token"):
            if self.installed and not data.get(name):
                data.pop(name, None)  # not given: the instance keeps the stored secret
        self.instance.team_channels = {
            str(team.pk): data[f"team_channel_{team.pk}"].strip() for team in self.teams
            if (data.get(f"team_channel_{team.pk}") or "").strip()}
        return data
