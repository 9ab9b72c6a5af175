"""The update form is drafted from the team's trackers: closed or merged since the previous
update under "done", in progress under "next", blocked under "blockers", each with its link;
from stored items, in a bounded number of queries, never calling a tracker."""

from datetime import timedelta

import pytest
import requests
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate

from ceremonies.models import DailyUpdate
from programmes.models import ItemState, TrackerItem, TrackerMapping
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting
from tests.programmes.trackers import connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


@pytest.fixture
def mapping(cast):
    connect(cast.programme, "github", "http://127.0.0.1:9", team=cast.team,
            source="acme/ledger")
    return TrackerMapping.objects.get()


@pytest.fixture(autouse=True)
def no_tracker_calls(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page called a tracker")

    monkeypatch.setattr(requests.Session, "request", refuse)


def item(mapping, number, title, *, state=ItemState.TODO, closed_hours_ago=None,
         blocked=False, team=None):
    now = timezone.now()
    return TrackerItem.objects.create(
        mapping=mapping, team=team or mapping.team, external_id=str(number), key=f"#{number}",
        title=title, url=f"https://github.com/acme/ledger/issues/{number}", state=state,
        blocked=blocked, opened_at=now - timedelta(days=10),
        closed_at=now - timedelta(hours=closed_hours_ago) if closed_hours_ago else None,
        updated_at=now - timedelta(hours=closed_hours_ago or 1))


def field_text(html, name):
    start = html.index(f'name="{name}"')
    return html[html.index(">", start) + 1: html.index("</textarea>", start)]


def test_yesterdays_closed_items_are_drafted_under_done(client, cast, meeting, mapping):
    item(mapping, 1, "Settle refunds", state=ItemState.DONE, closed_hours_ago=5)
    client.force_login(cast.scrum_master)

    html = client.get(form_url(cast.team)).content.decode()

    assert ("Settle refunds (acme/ledger#1) https://github.com/acme/ledger/issues/1"
            in field_text(html, "done"))
    assert 'href="https://github.com/acme/ledger/issues/1"' in html


def test_in_progress_goes_to_next_and_blocked_to_blockers(client, cast, meeting, mapping):
    item(mapping, 2, "Reconcile nightly", state=ItemState.IN_PROGRESS)
    item(mapping, 3, "Holiday feed", state=ItemState.IN_PROGRESS, blocked=True)
    item(mapping, 4, "Idle")
    client.force_login(cast.scrum_master)

    html = client.get(form_url(cast.team)).content.decode()

    assert "Reconcile nightly" in field_text(html, "next")
    assert "Holiday feed" not in field_text(html, "next")
    assert "Holiday feed" in field_text(html, "blockers")
    assert "Idle" not in html
    assert "0 closed or merged, 1 in progress, 1 blocked" in html


def test_items_closed_before_the_previous_update_are_not_drafted(client, cast, meeting,
                                                                  mapping):
    yesterday = make_meeting(cast.programme, day=localdate() - timedelta(days=1))
    DailyUpdate.objects.create(team=cast.team, meeting=yesterday, author=cast.scrum_master,
                               done="Earlier", health="green",
                               posted_at=timezone.now() - timedelta(hours=10))
    item(mapping, 1, "Old news", state=ItemState.DONE, closed_hours_ago=20)
    item(mapping, 2, "Fresh", state=ItemState.DONE, closed_hours_ago=2)
    client.force_login(cast.scrum_master)

    done = field_text(client.get(form_url(cast.team)).content.decode(), "done")

    assert "Fresh" in done and "Old news" not in done


def test_another_teams_items_are_not_drafted(client, cast, meeting, mapping):
    item(mapping, 1, "Theirs", state=ItemState.DONE, closed_hours_ago=2, team=cast.other_team)
    client.force_login(cast.scrum_master)

    html = client.get(form_url(cast.team)).content.decode()

    assert "Theirs" not in html and "Drafted from your trackers" not in html


def test_a_saved_update_is_shown_not_the_draft(client, cast, meeting, mapping):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(meeting=meeting, done="Our own words"))
    item(mapping, 1, "Settle refunds", state=ItemState.DONE, closed_hours_ago=1)

    html = client.get(form_url(cast.team)).content.decode()

    assert "Our own words" in field_text(html, "done") and "Settle refunds" not in html


def test_the_edited_draft_is_what_gets_posted(client, cast, meeting, mapping):
    item(mapping, 1, "Settle refunds", state=ItemState.DONE, closed_hours_ago=5)
    client.force_login(cast.scrum_master)
    drafted = field_text(client.get(form_url(cast.team)).content.decode(), "done")

    client.post(form_url(cast.team), form_data(
        meeting=meeting, done=drafted.replace("Settle refunds", "Settled all card refunds")))

    update = DailyUpdate.objects.get()
    assert update.done.startswith("Settled all card refunds (acme/ledger#1) https://")


def test_the_draft_costs_the_same_queries_for_one_item_or_forty(client, cast, meeting,
                                                                mapping):
    client.force_login(cast.scrum_master)
    item(mapping, 1, "One", state=ItemState.DONE, closed_hours_ago=2)
    client.get(form_url(cast.team))  # warm the session and caches
    with CaptureQueriesContext(db) as one:
        client.get(form_url(cast.team))
    for n in range(2, 41):
        item(mapping, n, f"Item {n}", state=[ItemState.DONE, ItemState.IN_PROGRESS][n % 2],
             closed_hours_ago=2 if n % 2 == 0 else None, blocked=n % 5 == 0)

    with CaptureQueriesContext(db) as forty:
        html = client.get(form_url(cast.team)).content.decode()

    assert len(forty) == len(one)
    assert "15 closed or merged" in html  # each list is capped


def test_the_draft_reads_the_stored_items_in_one_query(client, cast, meeting, mapping):
    item(mapping, 1, "One", state=ItemState.DONE, closed_hours_ago=2)
    client.force_login(cast.scrum_master)

    with CaptureQueriesContext(db) as page:
        client.get(form_url(cast.team))

    assert sum("trackeritem" in q["sql"] for q in page.captured_queries) == 1


def test_a_posted_update_shows_its_links_as_links(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(
        meeting=meeting, done="Refunds (acme/ledger#1) https://github.com/acme/ledger/issues/1"))

    html = client.get(reverse("ceremonies:update_history",
                              kwargs={"slug": cast.programme.slug, "team_id": cast.team.pk})
                      ).content.decode()

    assert '<a href="https://github.com/acme/ledger/issues/1"' in html
