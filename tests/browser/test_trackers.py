"""The MSM connects GitHub on the Integrations page, maps a repository to a team, watches the
import arrive, sees the tracker fail with its error, and retries."""

import pytest
from playwright.sync_api import expect

from programmes.models import TrackerConnection, TrackerItem
from programmes.trackers import tasks
from tests.browser.axe import assert_accessible
from tests.programmes.trackers import fake, github_issue

TOKEN = "ghp_browser_secret_token"


@pytest.fixture
def tracker(monkeypatch):
    server = fake.start()
    server.github["acme/ledger"] = [
        github_issue(1, "Settle refunds", state="closed", closed="2026-11-19T16:00:00Z"),
        github_issue(2, "Reconcile nightly", assignee="ana"),
        github_issue(3, "Holiday feed", labels=["blocked"]),
    ]
    # The worker's part, done at once in the live server's thread.
    monkeypatch.setattr(tasks.tracker_sync, "delay", tasks.tracker_sync)
    yield server
    server.shutdown()
    server.server_close()


def test_the_msm_connects_a_tracker_maps_a_team_and_retries_after_an_outage(
        cast, open_page, tracker):
    page = open_page(cast.msm)
    page.goto(f"/p/{cast.programme.slug}/integrations/")
    expect(page.get_by_role("heading", name="Work trackers")).to_be_visible()
    page.get_by_role("link", name="Connect a tracker").click()

    page.get_by_label("Name", exact=True).fill("Payments GitHub")
    page.get_by_label("Tracker").select_option(label="GitHub")
    page.get_by_label("API address").fill(tracker.url)
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_text("Give the token the app reads the tracker with.")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Payments GitHub")
    page.get_by_label("Access token").fill(TOKEN)
    page.get_by_label("Webhook secret").fill("hook-secret")
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_text("Tracker “Payments GitHub” connected.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Team", exact=True).select_option(label="Ledger")
    page.get_by_label("Repository, project or Jira project key").fill("acme/ledger")
    page.get_by_role("button", name="Map").click()
    expect(page.get_by_text("“acme/ledger” mapped to Ledger")).to_be_visible()
    expect(page.locator("#webhook-url")).to_contain_text(
        f"/hooks/trackers/{TrackerConnection.objects.get().pk}/")
    assert TOKEN not in page.content()
    assert TrackerItem.objects.count() == 3

    page.get_by_role("link", name="Back to Integrations").click()
    row = page.locator("#trackers tbody tr", has_text="Payments GitHub")
    expect(row).to_contain_text("acme/ledger → Ledger")
    expect(row.locator("td[data-label=Items]")).to_have_text("3")
    expect(row).to_contain_text("OK")

    tracker.failing = 500
    page.get_by_role("button", name="Sync now: Payments GitHub").click()
    row = page.locator("#trackers tbody tr", has_text="Payments GitHub")
    expect(row).to_contain_text("Failing")
    expect(row).to_contain_text("The tracker answered HTTP 500")
    assert_accessible(page)

    tracker.failing = None
    page.get_by_role("button", name="Retry Payments GitHub").focus()
    page.keyboard.press("Enter")
    row = page.locator("#trackers tbody tr", has_text="Payments GitHub")
    expect(row).to_contain_text("OK")
    expect(row).not_to_contain_text("Failing")
