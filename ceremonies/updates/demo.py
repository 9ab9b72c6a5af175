"""Daily updates in the demo: three of Payments Train's four teams have posted for the next
Scrum of Scrums (today's, or the next working day's once today's has begun), one with a blocker
raised as an impediment and a need from another team; Settlements has not, so the room flags
it."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from ceremonies.models import DailyUpdate, Health, Kind, MeetingSeries
from ceremonies.series.demo import meeting_on
from ceremonies.updates import services as updates

POSTS = {
    "ledger": dict(
        health=Health.GREEN, done="Double-entry journal for refunds merged.",
        next="Reconcile refunds with Settlements' nightly file.", blockers=""),
    "card-gateway": dict(
        health=Health.AMBER, health_reason="Staging is shared with Fraud Shield this week.",
        done="3-D Secure challenge flow behind a flag.",
        next="Load test the authorisation path.",
        blockers="Waiting for the card scheme's sandbox credentials.",
        resources_needed="Staging, Thursday afternoon."),
    "fraud-shield": dict(
        health=Health.RED, health_reason="Model retraining blocked on data access.",
        done="Rules engine handles velocity checks.",
        next="Shadow-score live traffic.",
        blockers="No read access to the card events topic.\nSecurity review not booked yet."),
}


@transaction.atomic
def load(demo) -> None:
    payments = demo.programmes[1]
    series = MeetingSeries.objects.get(programme=payments, kind=Kind.SCRUM_OF_SCRUMS)
    meeting = updates.next_sos(payments) or meeting_on(series, _next_working_day(
        payments.today()))
    if DailyUpdate.objects.filter(meeting=meeting).exists():
        return
    teams = {team.slug: team for team in payments.teams.all()}
    for slug, fields in POSTS.items():
        needs = []
        if slug == "card-gateway":
            needs = [updates.Need(providing_team=teams["fraud-shield"],
                                  what="A test merchant flagged as risky")]
        update = updates.update_save(team=teams[slug], by=demo.people[f"sm:{slug}"],
                                     version=None, meeting=meeting, needs=needs,
                                     **fields)
        if slug == "fraud-shield":
            updates.blocker_to_impediment(update=update, line=0,
                                          by=demo.people[f"sm:{slug}"])


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
