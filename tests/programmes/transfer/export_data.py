"""A demo programme with every kind of row an export holds, for the export/import tests."""

from __future__ import annotations

from datetime import time, timedelta

from django.core.management import call_command
from django.utils import timezone

from ceremonies.meetings import actions, record
from ceremonies.meetings import state as room
from ceremonies.models import (
    ActionItem,
    AgendaItem,
    Dependency,
    DependencyTrackerLink,
    Kind,
    Meeting,
    ScrumOfScrumsSettings,
)
from ceremonies.series import calendar
from ceremonies.updates import services as updates
from feedback.backlog import services as backlog
from feedback.models import TrackerLink
from feedback.services import feedback_raise
from programmes.access import tokens
from programmes.audit import audit_record
from programmes.models import (
    AuditEntry,
    ChatApp,
    ChatIdentity,
    ChatWebhook,
    GroupRoleMapping,
    Notification,
    NotificationPreference,
    Person,
    Programme,
    Team,
    TrackerConnection,
    TrackerItem,
    TrackerMapping,
    TrackerSprint,
    TrackerSprintItem,
)
from programmes.notifications import outbox, registry, webhooks


def _carry_a_skipped_slot(programme: Programme, msm: Person) -> None:
    """A Scrum of Scrums that skipped its first slot, which the next one carries over."""
    meeting = (Meeting.objects.filter(programme=programme, kind=Kind.SCRUM_OF_SCRUMS,
                                      state=Meeting.State.SCHEDULED)
               .order_by("occurrence").first())
    room.meeting_start(meeting=meeting, by=msm)
    meeting.refresh_from_db()
    room.meeting_skip(meeting=meeting, by=msm)
    room.meeting_end(meeting=meeting, by=msm)
    assert AgendaItem.objects.filter(carried_from__meeting=meeting).exists()


def _a_tracker(programme: Programme, team: Team, impediment, by: Person) -> None:
    """A Jira connection (its credentials are left out of the file), a mapped project, an
    item, and the impediment linked to it."""
    connection = TrackerConnection.objects.create(
        programme=programme, kind="jira_cloud", name="Payments Jira",
        base_url="https://payments.atlassian.net", username="priya@example.com",
        token="jira-api-token", webhook_secret="jira-hook-secret")
    mapping = TrackerMapping.objects.create(connection=connection, team=team, source="SET")
    now = timezone.now().replace(microsecond=0)
    item = TrackerItem.objects.create(
        mapping=mapping, team=team, external_id="10007", key="SET-7", title="SIT slot",
        url="https://payments.atlassian.net/browse/SET-7", state="in_progress",
        points=3, sprint="SET Sprint 4", opened_at=now - timedelta(days=3), updated_at=now)
    TrackerLink.objects.create(item=impediment, tracker_item=item, linked_by=by,
                               linked_at=now)
    # A board mapping: its sprint and what the sprint started with.
    TrackerMapping.objects.filter(pk=mapping.pk).update(board=12)
    sprint = TrackerSprint.objects.create(
        mapping=mapping, external_id="41", name="SET Sprint 4", state="active",
        started_at=now - timedelta(days=2), ended_at=now + timedelta(days=12), committed_at=now)
    TrackerSprintItem.objects.create(sprint=sprint, item=item, committed=True)
    # A dependency on the other team, delivered by the item.
    other = Team.objects.filter(programme=programme).exclude(pk=team.pk).first()
    dependency = Dependency.objects.create(programme=programme, needing_team=other,
                                           providing_team=team, what="SIT slot", raised_by=by)
    DependencyTrackerLink.objects.create(dependency=dependency, tracker_item=item,
                                         linked_by=by, linked_at=now)


def _a_chat_app(programme: Programme, person: Person) -> None:
    """A Slack app (its secrets are left out of the file) and one linked person."""
    app = ChatApp.objects.create(programme=programme, platform="slack", workspace="T0PAY",
                                 signing_secret="slack-signing-secret",
                                 bot_token="xoxb-bot-token", channel="C0UPDATES")
    ChatIdentity.objects.create(app=app, person=person, user_id="U0PRIYA", user_name="priya")


def rich_demo() -> Programme:
    """`load_demo`, plus daily updates, dependencies, an impediment from a blocker, a running
    meeting with a routed decision and a review of an earlier action, a skipped slot carried
    over, webhooks, outbox rows in each state, preferences, and the
    rows an export leaves out (an API token, a calendar token, a site-wide audit entry)."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    northwind = Programme.objects.get(slug="northwind")
    payments = Programme.objects.get(slug="payments-train")
    ledger, gateway = Team.objects.get(slug="ledger"), Team.objects.get(slug="card-gateway")
    msm, priya = Person.objects.get(email="msm@example.com"), Person.objects.get(
        email="priya@example.com")
    sam, ana = Person.objects.get(email="sam@example.com"), Person.objects.get(
        email="ana@example.com")
    settlements = Team.objects.get(slug="settlements")  # the demo's team without an update
    omar = Person.objects.get(email="omar@example.com")

    webhooks.subscription_create(programme=northwind, by=msm, name="Portfolio tool",
                                 url="https://hooks.example.com/metascrum",
                                 events=["update.posted", "meeting.started"])
    ChatWebhook.objects.create(programme=payments, name="#payments", url="https://chat.example.com/p")
    ChatWebhook.objects.create(programme=payments, team=ledger, name="#ledger",
                               url="https://chat.example.com/l")
    GroupRoleMapping.objects.create(programme=payments, group="payments-sm",
                                    role="scrum_master", team=ledger)

    sos = (Meeting.objects.filter(programme=payments, kind=Kind.SCRUM_OF_SCRUMS,
                                  state=Meeting.State.SCHEDULED,
                                  scheduled_start__gt=timezone.now())
           .order_by("scheduled_start").first())
    update = updates.update_save(
        team=settlements, by=omar, version=None, meeting=sos, done="Ledger export reconciled",
        next="Settlement batch", blockers="Waiting for the SIT slot\nNo test cards",
        health="amber", health_reason="SIT is booked out",
        needs=[updates.Need(providing_team=gateway, what="Test card numbers",
                            needed_by=timezone.localdate() + timedelta(days=3))],
        stops=[updates.Stop(team=gateway, what="We freeze the settlement schema")])
    risk = feedback_raise(programme=payments, kind="risk", title="Card scheme deadline",
                          direction="up", origin_team=ledger, raised_by=sam)
    backlog.roam_set(item=risk, by=msm, roam="owned", note="Maya takes it")
    ScrumOfScrumsSettings.objects.create(programme=payments, dependency_grace_days=3)
    impediment = updates.blocker_to_impediment(update=update, line=0, by=omar)
    _a_tracker(payments, settlements, impediment.item, omar)
    _a_chat_app(payments, omar)
    updates.policy_set(team=ledger, by=sam, members_may_post=True)

    room.meeting_start(meeting=sos, by=priya)
    sos.refresh_from_db()
    record.decision_record(meeting=sos, by=priya, text="Gateway sends test cards today",
                           teams=[gateway])
    earlier = ActionItem.objects.filter(meeting__series=sos.series,
                                        meeting__occurrence__lt=sos.occurrence).first()
    actions.action_review(meeting=sos, action=earlier, outcome="open", by=priya)
    _carry_a_skipped_slot(northwind, msm)

    NotificationPreference.objects.create(person=ana, chat_enabled=False,
                                          muted_kinds=["digest"], quiet_start=time(20),
                                          quiet_end=time(7))
    due = timezone.now() - timedelta(minutes=5)
    for n, state in enumerate(["pending", "sending", "sent", "failed"]):
        outbox.notifications_record(kind=f"export_test_{state}", reminders=[
            registry.Reminder(recipient=sam, programme=payments, team=ledger,
                               object_ref=f"meeting:{sos.pk}", occurrence=str(n), due_at=due,
                               subject=f"Reminder {state}", text="Post your update.",
                               link=sos.get_absolute_url())])
        Notification.objects.filter(kind=f"export_test_{state}").update(
            state=state, claimed_at=due if state == "sending" else None,
            sent_at=due if state == "sent" else None)

    tokens.token_create(person=msm, name="Left out")
    calendar.calendar_token(person=msm)
    audit_record(programme=None, actor=msm, action="site.test", obj=msm, summary="Site-wide")
    assert AuditEntry.objects.filter(programme=None).exists()
    return northwind
