"""Work trackers (GitHub, GitLab, Jira): a programme's connections, which team each repository,
project or board belongs to, the items imported from them, and the webhook deliveries seen."""

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy

from metascrum.lib.encryption import EncryptedTextField
from programmes.models.structure import Programme, Team


class TrackerKind(models.TextChoices):
    GITHUB = "github", "GitHub"
    GITLAB = "gitlab", "GitLab"
    JIRA_CLOUD = "jira_cloud", "Jira Cloud"
    JIRA_DC = "jira_dc", "Jira Data Center"


class TrackerConnection(models.Model):
    """One tracker the MSM connected; the token and webhook secret are kept encrypted and
    never shown again (the page says only whether they are set)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="tracker_connections")
    kind = models.CharField(max_length=12, choices=TrackerKind.choices)
    name = models.CharField(max_length=120)
    base_url = models.URLField(
        "API address", max_length=300,
        help_text=gettext_lazy("https://api.github.com, https://gitlab.com, https://yours.atlassian.net"))
    username = models.CharField(
        max_length=200, blank=True,
        help_text=gettext_lazy(
            "Jira Cloud only: the account's email address (the token is its API token)."))
    token = EncryptedTextField(blank=True)
    webhook_secret = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=now)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_inventory_at = models.DateTimeField(
        null=True, blank=True,
        help_text=gettext_lazy("The last full listing, which notices vanished items."))
    points_field = models.CharField(
        max_length=100, blank=True,
        help_text=gettext_lazy("Jira only: the id of the story-points field, e.g. "
                               "customfield_10016. Empty: the field named Story Points or Story "
                               "point estimate."))
    points_field_found = models.CharField(
        max_length=100, blank=True,
        help_text=gettext_lazy("The story-points field Jira's field list named."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "name"],
                                               name="tracker_connection_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def failing(self) -> bool:
        """The last attempt failed (after the last success, or with no success yet)."""
        return bool(self.last_error_at and (self.last_synced_at is None
                                            or self.last_error_at > self.last_synced_at))


class TrackerMapping(models.Model):
    """A repository (owner/name), GitLab project (group/name) or Jira project key, and the team
    whose work it holds. A team may have several; a source belongs to one team."""

    connection = models.ForeignKey(TrackerConnection, on_delete=models.CASCADE,
                                   related_name="mappings")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tracker_mappings")
    source = models.CharField(max_length=200)
    board = models.PositiveIntegerField(
        null=True, blank=True,
        help_text=gettext_lazy("Jira only: the board whose sprints say what the team committed "
                               "to."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "source"],
                                               name="tracker_mapping_source_unique")]

    def __str__(self) -> str:
        return self.source


class ItemState(models.TextChoices):
    TODO = "todo", gettext_lazy("To do")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    DONE = "done", gettext_lazy("Done")


class TrackerItem(models.Model):
    """An issue, pull/merge request or Jira issue as the tracker last told us."""

    mapping = models.ForeignKey(TrackerMapping, on_delete=models.CASCADE, related_name="items")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tracker_items")
    external_id = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    is_change = models.BooleanField(default=False,
                                    help_text=gettext_lazy("A pull or merge request."))
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=500)
    state = models.CharField(max_length=12, choices=ItemState.choices)
    blocked = models.BooleanField(default=False)
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    sprint = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    gone_at = models.DateTimeField(
        null=True, blank=True,
        help_text=gettext_lazy("When the tracker stopped listing it (deleted, or moved out of "
                               "the mapped source): no longer counted in drafts or delivery "
                               "figures."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mapping", "external_id"],
                                               name="tracker_item_unique")]
        indexes = [models.Index(fields=["team", "closed_at"], name="tracker_item_team_closed"),
                   models.Index(fields=["team", "state"], name="tracker_item_team_state")]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class TrackerSprint(models.Model):
    """A sprint of a Jira board mapped to a team, as the Agile API describes it."""

    mapping = models.ForeignKey(TrackerMapping, on_delete=models.CASCADE,
                                related_name="sprints")
    external_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=10)  # future, active, closed
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True,
                                    help_text=gettext_lazy("Completed, or else planned to end."))
    committed_at = models.DateTimeField(
        null=True, blank=True,
        help_text=gettext_lazy("When its items were recorded as committed: the first sync after "
                               "it started."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mapping", "external_id"],
                                               name="tracker_sprint_unique")]

    def __str__(self) -> str:
        return self.name


class TrackerSprintItem(models.Model):
    """An item in a board's sprint; `committed` when it was there as the sprint started."""

    sprint = models.ForeignKey(TrackerSprint, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(TrackerItem, on_delete=models.CASCADE, related_name="sprint_entries")
    committed = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sprint", "item"],
                                               name="tracker_sprint_item_unique")]

    def __str__(self) -> str:
        return f"{self.sprint_id} {self.item_id}"


class TrackerDelivery(models.Model):
    """A webhook delivery already applied, by the tracker's delivery id: a repeat is ignored."""

    connection = models.ForeignKey(TrackerConnection, on_delete=models.CASCADE,
                                   related_name="deliveries")
    delivery_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "delivery_id"],
                                               name="tracker_delivery_unique")]

    def __str__(self) -> str:
        return self.delivery_id
