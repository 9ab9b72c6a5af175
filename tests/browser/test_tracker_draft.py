"""A Scrum Master opens the update form and finds yesterday's closed tracker items drafted,
edits one by keyboard, and posts."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ceremonies.models import DailyUpdate
from programmes.models import ItemState, TrackerItem, TrackerMapping
from tests.browser.axe import assert_accessible
from tests.ceremonies.updates import upcoming_meeting
from tests.programmes.trackers import connect

URL = "https://github.com/acme/ledger/issues/{}"


def _closed_yesterday(mapping, number, title, *, hours_ago):
    closed = timezone.now() - timedelta(hours=hours_ago)
    TrackerItem.objects.create(
        mapping=mapping, team=mapping.team, external_id=str(number), key=f"#{number}",
        title=title, url=URL.format(number), state=ItemState.DONE, opened_at=closed,
        closed_at=closed, updated_at=closed)


def test_yesterdays_closed_items_are_drafted_edited_and_posted(cast, open_page):
    upcoming_meeting(cast.programme)
    connect(cast.programme, "github", "https://api.github.com", team=cast.team,
            source="acme/ledger")
    mapping = TrackerMapping.objects.get()
    _closed_yesterday(mapping, 1, "Settle card refunds", hours_ago=17)  # the latest first
    _closed_yesterday(mapping, 2, "Ledger export", hours_ago=19)

    sam = open_page(cast.scrum_master)
    sam.goto(f"/p/{cast.programme.slug}/today/")
    sam.get_by_role("link", name=f"Post {cast.team}'s update").click()
    expect(sam.get_by_role("heading", name="Drafted from your trackers")).to_be_visible()
    expect(sam.get_by_role("link", name="Settle card refunds")).to_have_attribute(
        "href", URL.format(1))
    done = sam.get_by_label("Done since the last one")
    expect(done).to_have_value(re.compile(r"Settle card refunds \(acme/ledger#1\)"))
    assert_accessible(sam)

    done.focus()  # the first line is the first item: retype its title, keep its link
    sam.keyboard.press("Control+Home")
    for _ in "Settle card refunds":
        sam.keyboard.press("Shift+ArrowRight")
    sam.keyboard.type("Settled every card refund")
    sam.get_by_label("Green: on track").check()
    sam.get_by_role("button", name="Post update").click()

    expect(sam.get_by_text(re.compile(rf"{cast.team}'s update is saved"))).to_be_visible()
    posted = DailyUpdate.objects.get().done
    assert f"Settled every card refund (acme/ledger#1) {URL.format(1)}" in posted
    assert f"Ledger export (acme/ledger#2) {URL.format(2)}" in posted
