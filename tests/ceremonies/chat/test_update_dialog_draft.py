"""The chat app's update dialog starts from the same tracker draft as the update form: closed
since the previous update under "done", in progress under "next", blocked under "blockers"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ceremonies.models import DailyUpdate
from programmes.models import ItemState, TrackerItem, TrackerMapping
from tests.ceremonies.chat import link, opened_view, slack_app, slack_post, slash
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.updates import upcoming_meeting
from tests.programmes.trackers import connect

pytestmark = pytest.mark.django_db


def add(mapping, number, title, *, state, closed=None, blocked=False, gone=False):
    now = timezone.now()
    TrackerItem.objects.create(
        mapping=mapping, team=mapping.team, external_id=str(number), key=f"#{number}",
        title=title, url=f"https://github.com/acme/ledger/issues/{number}", state=state,
        blocked=blocked, opened_at=now - timedelta(days=9), closed_at=closed, updated_at=now,
        gone_at=now if gone else None)


@pytest.fixture
def app(cast, platform):
    installed = slack_app(cast.programme, platform, channel="")
    link(installed, cast.scrum_master, "U-SAM")
    return installed


@pytest.fixture
def items(cast):
    connect(cast.programme, "github", "https://api.github.com", team=cast.team,
            source="acme/ledger")
    mapping = TrackerMapping.objects.get()
    earlier = make_meeting(cast.programme, day=timezone.localdate() - timedelta(days=2))
    DailyUpdate.objects.create(team=cast.team, meeting=earlier, author=cast.scrum_master,
                               health="green", done="x", next="Reconcile the ledgers",
                               posted_at=timezone.now() - timedelta(days=2))
    add(mapping, 1, "Settle refunds", state=ItemState.DONE,
        closed=timezone.now() - timedelta(hours=3))
    add(mapping, 2, "Old export", state=ItemState.DONE, closed=timezone.now() - timedelta(days=5))
    add(mapping, 3, "Nightly report", state=ItemState.IN_PROGRESS)
    add(mapping, 4, "Holiday feed", state=ItemState.TODO, blocked=True)
    add(mapping, 5, "Deleted one", state=ItemState.IN_PROGRESS, gone=True)
    return mapping


def initial(view, name):
    return next(b for b in view["blocks"] if b["block_id"] == name)["element"].get(
        "initial_value", "")


def test_the_dialog_carries_the_drafted_items(client, cast, app, platform, items):
    upcoming_meeting(cast.programme)

    slack_post(client, app, "commands", slash("U-SAM", "update"))

    view = opened_view(platform)
    assert initial(view, "done") == ("Settle refunds (acme/ledger#1) "
                                     "https://github.com/acme/ledger/issues/1")
    assert initial(view, "next") == ("Nightly report (acme/ledger#3) "
                                     "https://github.com/acme/ledger/issues/3")
    assert "Holiday feed (acme/ledger#4)" in initial(view, "blockers")


def test_without_tracker_items_done_starts_from_the_previous_next(
        client, cast, app, platform, items):
    TrackerItem.objects.all().delete()
    upcoming_meeting(cast.programme)

    slack_post(client, app, "commands", slash("U-SAM", "update"))

    view = opened_view(platform)
    assert initial(view, "done") == "Reconcile the ledgers"
    assert initial(view, "next") == ""
