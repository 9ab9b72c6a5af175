"""The tracker forms of the Integrations page; a token or secret is never put back in a page."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from metascrum.lib.forms import TextField, text_formfield
from programmes.models import Programme, TrackerConnection, TrackerKind

SECRET_WIDGET = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
FIELD_ID = re.compile(r"^(customfield_\d+|[a-z][a-zA-Z0-9_]*)$")
JIRA = (TrackerKind.JIRA_CLOUD, TrackerKind.JIRA_DC)
KEEP = _("Set: leave empty to keep it, or type a new one to replace it.")


class ConnectionForm(forms.ModelForm):
    base_url = forms.URLField(
        label=_("API address"), max_length=300, assume_scheme="https",
        help_text=_("https://api.github.com, https://gitlab.com (or your GitLab), "
                    "https://yours.atlassian.net, or your Jira Data Center's address."))
    token = TextField(label=_("Access token"), required=False, max_length=2000,
                      widget=SECRET_WIDGET)
    webhook_secret = TextField(label=_("Webhook secret"), required=False, max_length=500,
                               widget=SECRET_WIDGET)
    points_field = TextField(
        label=_("Jira story-points field"), required=False, max_length=100,
        help_text=_("Jira only, and only if the story points read wrong: the field's id, e.g. "
                    "customfield_10016. Empty: the field Jira names “Story Points” or “Story "
                    "point estimate”."))

    class Meta:
        formfield_callback = text_formfield
        model = TrackerConnection
        fields = ["name", "kind", "base_url", "username", "points_field"]
        labels = {"name": _("Name"), "kind": _("Tracker"), "username": _("Jira Cloud email")}
        help_texts = {"username": _("Jira Cloud only: the account's email address (the token "
                                    "is its API token).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.pop("token", None)
        self.initial.pop("webhook_secret", None)
        token_help = _("GitHub or GitLab personal access token, Jira API token (Cloud) or "
                       "personal access token (Data Center). Stored encrypted, never shown "
                       "again.")
        secret_help = _("The secret you give the tracker's webhook (GitLab: its secret token). "
                        "Without one, webhooks are refused and only the half-hourly sync brings "
                        "changes.")
        self.fields["token"].help_text = (
            f"{token_help} {KEEP}" if self.instance.token else token_help)
        self.fields["webhook_secret"].help_text = (
            f"{secret_help} {KEEP}" if self.instance.webhook_secret else secret_help)

    def clean_points_field(self):
        value = self.cleaned_data["points_field"].strip()
        if value and not FIELD_ID.match(value):
            raise forms.ValidationError(
                _("Give the field's id as Jira lists it, e.g. customfield_10016."))
        return value

    def clean(self):
        data = super().clean()
        if (data.get("kind") == TrackerKind.JIRA_CLOUD and not data.get("username")):
            self.add_error("username", _("Jira Cloud needs the account's email address."))
        if data.get("points_field") and data.get("kind") not in JIRA:
            self.add_error("points_field", _("Only Jira has a story-points field to choose."))
        if not self.instance.pk and not data.get("token"):
            self.add_error("token", _("Give the token the app reads the tracker with."))
        return data


class MappingForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, empty_label=None, label=_("Team"))
    source = TextField(
        max_length=200, label=_("Repository, project or Jira project key"),
        help_text=_("GitHub: owner/name. GitLab: group/name. Jira: the project key, e.g. PAY."))
    board = forms.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, label=_("Jira board (optional)"),
        help_text=_("Jira only: the board's number (in its address, …/boards/42). Then "
                    "“committed” means the items in the board's sprint when it started."))

    def __init__(self, *args, programme: Programme, connection: TrackerConnection | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = programme.teams.order_by("name")
        self.connection = connection

    def clean_board(self):
        board = self.cleaned_data.get("board")
        if board and self.connection is not None and self.connection.kind not in JIRA:
            raise forms.ValidationError(_("Only a Jira connection has boards."))
        return board
