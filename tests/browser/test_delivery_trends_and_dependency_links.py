"""The steering dashboard's delivery trends read in a browser (charts, and their values as a
table that scrolls in its own box on a 320 px phone); a Scrum Master links a dependency to the
tracker item that delivers it by keyboard."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ceremonies.models import Dependency, DependencyTrackerLink
from programmes.models import ItemState, TrackerItem, TrackerMapping
from tests.browser.crawl import too_wide
from tests.ceremonies.steering.test_delivery_trends import snapshots  # noqa: F401
from tests.programmes.trackers import connect


@pytest.mark.clock("2026-12-04T10:00:00+00:00")
def test_the_delivery_trends_fit_a_phone(snapshots, open_page):  # noqa: F811
    page = open_page(snapshots.msm)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/p/{snapshots.programme.slug}/steering/")

    section = page.get_by_role("region", name="Delivery over the last months")
    expect(section.get_by_role("img", name="Items done (programme, last full sprint)")
           ).to_be_visible()
    table = page.get_by_role("table", name="Done of committed, carry-over and cycle time, "
                                           "by team and month")
    expect(table.get_by_role("row", name="Ledger")).to_contain_text(
        "3 of 5 done, 2 carried over; 4.0 d")
    assert too_wide(page) is None


def test_a_scrum_master_links_a_dependency_by_keyboard(cast, open_page):
    dependency = Dependency.objects.create(
        programme=cast.programme, needing_team=cast.team, providing_team=cast.other_team,
        what="Card API v2 sandbox", status=Dependency.Status.ACCEPTED,
        committed_date=timezone.localdate() + timedelta(days=10), raised_by=cast.scrum_master)
    connect(cast.programme, "jira_cloud", "https://acme.atlassian.net", team=cast.other_team,
            source="CARD", username="maya@example.com")
    now = timezone.now()
    TrackerItem.objects.create(
        mapping=TrackerMapping.objects.get(), team=cast.other_team, external_id="7",
        key="CARD-7", title="Sandbox for v2", url="https://acme.atlassian.net/browse/CARD-7",
        state=ItemState.IN_PROGRESS, opened_at=now - timedelta(days=2), updated_at=now)

    sam = open_page(cast.scrum_master)
    sam.goto(f"/p/{cast.programme.slug}/dependencies/?view=list")
    sam.get_by_role("link", name="Tracker items of “Card API v2 sandbox”").click()
    sam.get_by_label("Tracker item").focus()
    sam.keyboard.type("CARD-7")
    sam.keyboard.press("Enter")

    expect(sam.get_by_text("Linked to CARD-7.")).to_be_visible()
    expect(sam.get_by_role("link", name="CARD-7 Sandbox for v2")).to_be_visible()
    assert DependencyTrackerLink.objects.get(dependency=dependency).linked_by == cast.scrum_master
