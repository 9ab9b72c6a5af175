"""Shared clocks and helpers for the daily-update tests."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils.timezone import localdate

from ceremonies.updates.services import update_save
from tests import factories
from tests.ceremonies.meetings import make_meeting

BEFORE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the test meeting starts 09:30 UTC


def post(team, by, *, version=None, at=BEFORE, **fields):
    fields.setdefault("done", "Shipped the ledger export")
    fields.setdefault("health", "green")
    return update_save(team=team, by=by, version=version, at=at, **fields)


def upcoming_meeting(programme, days=1):
    """A Scrum of Scrums tomorrow at 09:30: open for updates on the real clock."""
    return make_meeting(programme, day=localdate() + timedelta(days=days))


def form_url(team):
    return reverse("ceremonies:update_form",
                   kwargs={"slug": team.programme.slug, "team_id": team.pk})


def form_data(version=0, meeting=None, **fields):
    data = {"version": version, "meeting": meeting.pk if meeting else "", "health": "green",
            "health_reason": "", "done": "Shipped", "next": "Release", "blockers": "",
            "resources_needed": ""}
    for n in (1, 2, 3):
        data.update({f"need_team_{n}": "", f"need_what_{n}": "", f"need_by_{n}": ""})
    data.update(fields)
    return data


def half_posted_tree(cast, teams=("Storefront", "Mobile App")):
    """Northwind above Payments (Ledger posted for its next Scrum of Scrums, Card Gateway not)
    and Experience, whose `teams` have not posted for theirs; returns Experience."""
    experience = factories.ProgrammeFactory(name="Experience", parent=cast.parent)
    for name in teams:
        factories.TeamFactory(programme=experience, name=name)
    upcoming_meeting(cast.programme)
    upcoming_meeting(experience)
    post(cast.team, cast.scrum_master, at=None)
    return experience
