"""The room pushed: watchers follow the facilitator without polling, and by polling when the
stream is blocked, saying so. Served by uvicorn (ASGI), as in production; one process, so the
fan-out is the in-process one `make run` uses (tests/ceremonies/room covers Redis)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import _note_csp_violation, _session_cookie
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.room.test_push_across_servers import SERVE, free_port, wait_until_up
from tests.clock import environment_for_child
from tests.worker import ROOT, _database_url

NOTE = "Live updates paused — checking every 2 s."


@pytest.fixture
def asgi_site(transactional_db, tmp_path):
    from django.db import connection

    port = free_port()
    env = {**os.environ, "DATABASE_URL": _database_url(connection.settings_dict),
           "REDIS_URL": "", "CONN_MAX_AGE": "0", **environment_for_child()}
    if connection.vendor != "postgresql":
        pytest.fail("The ASGI server shares the test database: run through bin/test-env.")
    with (tmp_path / "server.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, "metascrum.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--timeout-graceful-shutdown",
             "1"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def open_on(browser, asgi_site):
    contexts, violations = [], []

    def opener(person):
        context = browser.new_context(base_url=asgi_site, viewport={"width": 1280,
                                                                   "height": 900})
        context.set_default_timeout(10_000)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                              "value": _session_cookie(person), "url": asgi_site}])
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: _note_csp_violation(msg, violations))
        return page

    yield opener
    for context in contexts:
        context.close()
    assert violations == [], "the page broke its Content Security Policy"


def polls_of(page) -> list[str]:
    polls = []
    page.on("request", lambda request: polls.append(request.url)
            if "/live/?" in request.url else None)
    return polls


def test_a_watcher_sees_each_change_pushed_without_polling(cast, open_on):
    meeting = make_meeting(cast.programme)
    first, second, _ = [i.title for i in meeting.items.order_by("position")]
    msm, watcher = open_on(cast.msm), open_on(cast.scrum_master)
    msm.goto(meeting.get_absolute_url())
    with watcher.expect_response(lambda r: "/live/stream/" in r.url) as stream:
        watcher.goto(meeting.get_absolute_url())
    assert stream.value.headers["content-type"] == "text/event-stream"
    polls = polls_of(watcher)

    msm.get_by_role("button", name="Start").click()
    expect(watcher.locator("#current-item")).to_have_text(first)
    msm.get_by_role("button", name="Next").click()
    expect(watcher.locator("#current-item")).to_have_text(second)
    # What is pushed is announced as what is polled: the status region names the new item.
    expect(watcher.locator("#room-status")).to_contain_text(f"Now: {second}")
    assert_accessible(watcher)
    watcher.wait_for_timeout(2500)  # a poll would have gone out by now
    assert polls == []
    expect(watcher.get_by_text(NOTE)).to_be_hidden()


def test_with_the_stream_blocked_a_watcher_follows_by_polling_and_is_told(cast, open_on):
    meeting = make_meeting(cast.programme)
    first = meeting.items.order_by("position").first().title
    msm, watcher = open_on(cast.msm), open_on(cast.scrum_master)
    watcher.route("**/live/stream/**", lambda route: route.abort())
    polls = polls_of(watcher)
    msm.goto(meeting.get_absolute_url())
    watcher.goto(meeting.get_absolute_url())
    expect(watcher.get_by_text(NOTE)).to_be_visible(timeout=10_000)  # after 5 s down
    assert_accessible(watcher)  # the note included

    msm.get_by_role("button", name="Start").click()
    expect(watcher.locator("#current-item")).to_have_text(first)
    assert polls


def test_a_second_facilitator_follows_with_their_own_controls(cast, open_on):
    meeting = make_meeting(cast.programme)
    first = meeting.items.order_by("position").first().title
    msm, other = open_on(cast.msm), open_on(cast.parent_msm)  # the MSM above may run it too
    msm.goto(meeting.get_absolute_url())
    with other.expect_response(lambda r: "/live/stream/" in r.url):
        other.goto(meeting.get_absolute_url())
    msm.get_by_role("button", name="Start").click()
    expect(other.locator("#current-item")).to_have_text(first)
    assert_accessible(other)  # the controls bar, swapped in after a push
    other.get_by_role("button", name="Next").click()  # their own controls, their own token
    expect(msm.locator("#current-item")).not_to_have_text(first)
