"""A programme's chat app (Slack or Mattermost) and the people linked to it.

The app is what a programme installs so that people act from chat: its secrets are stored
encrypted (metascrum.lib.encryption). A person is linked to a chat account once, through a
one-time link the app sends them in a direct message; nothing is done in their name before.
"""

import hashlib
import secrets

from django.db import models
from django.utils.timezone import now

from metascrum.lib.encryption import EncryptedTextField
from programmes.models.people import Person
from programmes.models.structure import Programme, Team

SLACK_API = "https://slack.com/api"


def new_action_secret() -> str:
    return secrets.token_urlsafe(32)


class ChatApp(models.Model):
    """The chat app installed for one programme."""

    class Platform(models.TextChoices):
        SLACK = "slack", "Slack"
        MATTERMOST = "mattermost", "Mattermost"
        TEAMS = "teams", "Microsoft Teams"

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE,
                                     related_name="chat_app")
    platform = models.CharField(max_length=12, choices=Platform.choices)
    # Slack's team id (T…), Mattermost's team id or Teams' tenant id: requests from elsewhere
    # are refused.
    workspace = models.CharField("Workspace or team id", max_length=64)
    # Slack: the app's signing secret. Mattermost: the slash command's token. Teams: the
    # outgoing webhook's security token (base64).
    signing_secret = EncryptedTextField()
    bot_token = EncryptedTextField(blank=True)
    # Mattermost: the server's address. Slack: its Web API (another only in tests).
    api_url = models.URLField(max_length=300, blank=True)
    channel = models.CharField("Channel id for the updates", max_length=80, blank=True)
    # A team's own channel for its updates, by team id; the others go to `channel`.
    team_channels = models.JSONField(default=dict, blank=True)
    # Our own key: signs what we put in Mattermost buttons and dialogs, so none is forged.
    action_secret = EncryptedTextField(default=new_action_secret)
    installed_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    installed_at = models.DateTimeField(default=now)

    def __str__(self):
        return f"{self.get_platform_display()} app of {self.programme}"

    def channel_for(self, team: Team) -> str:
        return self.team_channels.get(str(team.pk)) or self.channel

    @property
    def api_base(self) -> str:
        if self.platform == self.Platform.SLACK:
            return (self.api_url or SLACK_API).rstrip("/")
        return self.api_url.rstrip("/") + "/api/v4"


class ChatIdentity(models.Model):
    """A person's chat account in one programme's app."""

    app = models.ForeignKey(ChatApp, on_delete=models.CASCADE, related_name="identities")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="chat_identities")
    user_id = models.CharField(max_length=64)
    user_name = models.CharField(max_length=120, blank=True)
    # Where the app writes to the person: Slack takes the user id, Mattermost a channel id.
    dm_channel = models.CharField(max_length=64, blank=True)
    linked_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["app", "user_id"], name="chat_identity_once"),
            models.UniqueConstraint(fields=["app", "person"], name="chat_person_once"),
        ]

    def __str__(self):
        return f"{self.user_name or self.user_id} is {self.person}"


def link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ChatLinkToken(models.Model):
    """A one-time link sent to a chat account: who opens it signed in becomes that account."""

    app = models.ForeignKey(ChatApp, on_delete=models.CASCADE, related_name="link_tokens")
    user_id = models.CharField(max_length=64)
    user_name = models.CharField(max_length=120, blank=True)
    dm_channel = models.CharField(max_length=64, blank=True)
    # The account's email as the platform gave it when the link was sent ("" if hidden): a
    # link opened by a person of another address is refused, so nobody links their chat
    # account to someone else by sending them the link.
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)  # the token itself is not kept
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Link for {self.user_name or self.user_id}"


class ChatReceipt(models.Model):
    """A request from the platform already acted on: a retried delivery acts once."""

    app = models.ForeignKey(ChatApp, on_delete=models.CASCADE, related_name="receipts")
    key = models.CharField(max_length=64)
    received_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["app", "key"], name="chat_receipt_once")]
        indexes = [models.Index(fields=["app", "received_at"], name="chat_receipt_age")]

    def __str__(self):
        return self.key


class ChatPost(models.Model):
    """A message the app posted to a channel: one per update, one thread per channel and day.

    A broadcast is claimed (state sending) before it is posted, so a worker killed between
    posting and recording leaves a claim; whoever retries it looks for the message in the
    channel before posting again."""

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        POSTED = "posted", "Posted"

    app = models.ForeignKey(ChatApp, on_delete=models.CASCADE, related_name="posts")
    ref = models.CharField(max_length=80)  # "update:12", "day:C123:2026-12-04"
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    channel = models.CharField(max_length=80)
    message_id = models.CharField(max_length=64, blank=True)  # Slack's ts, Mattermost's post id
    posted_at = models.DateTimeField(default=now)
    state = models.CharField(max_length=8, choices=State.choices, default=State.POSTED)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["app", "ref"], name="chat_post_once")]

    def __str__(self):
        return self.ref
