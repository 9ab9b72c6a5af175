"""The tracker forms of the Integrations page; a token or secret is never put back in a page."""

from django import forms

from metascrum.lib.forms import TextField, text_formfield
from programmes.models import Programme, TrackerConnection

SECRET_WIDGET = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})


class ConnectionForm(forms.ModelForm):
    base_url = forms.URLField(
        label="API address", max_length=300, assume_scheme="https",
        help_text="https://api.github.com, https://gitlab.com (or your GitLab), "
                  "https://yours.atlassian.net, or your Jira Data Center's address.")
    token = TextField(label="Access token", required=False, max_length=2000,
                      widget=SECRET_WIDGET)
    webhook_secret = TextField(label="Webhook secret", required=False, max_length=500,
                               widget=SECRET_WIDGET)

    class Meta:
        formfield_callback = text_formfield
        model = TrackerConnection
        fields = ["name", "kind", "base_url", "username"]
        labels = {"kind": "Tracker", "username": "Jira Cloud email"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.pop("token", None)
        self.initial.pop("webhook_secret", None)
        keep = " Set: leave empty to keep it, or type a new one to replace it."
        self.fields["token"].help_text = (
            "GitHub or GitLab personal access token, Jira API token (Cloud) or personal "
            "access token (Data Center). Stored encrypted, never shown again."
            + (keep if self.instance.token else ""))
        self.fields["webhook_secret"].help_text = (
            "The secret you give the tracker's webhook (GitLab: its secret token). Without "
            "one, webhooks are refused and only the half-hourly sync brings changes."
            + (keep if self.instance.webhook_secret else ""))

    def clean(self):
        data = super().clean()
        if (data.get("kind") == "jira_cloud" and not data.get("username")):
            self.add_error("username", "Jira Cloud needs the account's email address.")
        if not self.instance.pk and not data.get("token"):
            self.add_error("token", "Give the token the app reads the tracker with.")
        return data


class MappingForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, empty_label=None)
    source = TextField(
        max_length=200, label="Repository, project or Jira project key",
        help_text="GitHub: owner/name. GitLab: group/name. Jira: the project key, e.g. PAY.")

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = programme.teams.order_by("name")
