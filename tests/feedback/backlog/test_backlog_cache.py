"""The impediment backlog is kept under its programme's data version: a second view reads no
item, a committed move or ROAM change shows at the very next view, and every MSM's copy
carries their own CSRF token, so the forms of a shared copy work for each of them."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.backlog import services
from metascrum.lib.shared_cache import TOKEN_PLACEHOLDER
from tests import factories
from tests.cached_pages import CACHED_QUERIES, form_token
from tests.feedback.backlog import raised


def backlog_url(programme):
    return reverse("feedback:backlog", kwargs={"slug": programme.slug})


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="backlog-title"><a [^>]*>([^<]+)</a>', html)


def test_an_unchanged_backlog_is_served_from_the_cache(client, cast,
                                                       django_assert_num_queries):
    raised(cast, "Build agents", "Test data")
    client.force_login(cast.msm)
    first = client.get(backlog_url(cast.programme)).content.decode()
    with django_assert_num_queries(CACHED_QUERIES):
        second = client.get(backlog_url(cast.programme)).content.decode()
    assert titles(second) == titles(first) == ["Build agents", "Test data"]


def test_a_committed_move_shows_at_the_next_view(client, cast,
                                                 django_capture_on_commit_callbacks):
    a, b = raised(cast, "Build agents", "Test data")
    client.force_login(cast.msm)
    assert titles(client.get(backlog_url(cast.programme)).content.decode()) == [
        "Build agents", "Test data"]
    with django_capture_on_commit_callbacks(execute=True):
        services.backlog_move(programme=cast.programme, item_id=b.pk, by=cast.msm,
                              direction="up")
    assert titles(client.get(backlog_url(cast.programme)).content.decode()) == [
        "Test data", "Build agents"]


def test_a_committed_roam_change_shows_at_the_next_view(client, cast,
                                                       django_capture_on_commit_callbacks):
    (risk,) = raised(cast, "Vendor may slip", kind="risk")
    client.force_login(cast.msm)
    assert "ROAM history" not in client.get(backlog_url(cast.programme)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.roam_set(item=risk, by=cast.msm, roam="owned", note="Maya chases it")
    html = client.get(backlog_url(cast.programme)).content.decode()
    assert "ROAM history" in html and "(Maya chases it)" in html


def test_a_viewer_who_may_not_order_never_gets_the_msms_copy(client, cast):
    raised(cast, "Build agents")
    client.force_login(cast.msm)
    assert "Move up" in client.get(backlog_url(cast.programme)).content.decode()
    client.force_login(cast.stakeholder)
    html = client.get(backlog_url(cast.programme)).content.decode()
    assert "Build agents" in html and "Move up" not in html


@pytest.mark.django_db(transaction=True)
def test_each_msm_posts_from_the_shared_copy_with_their_own_token(cast):
    a, b = raised(cast, "Build agents", "Test data")
    second_msm = factories.make_msm(cast.programme, factories.PersonFactory(name="Mo MSM"))
    browsers, pages = [], []
    for person in (cast.msm, second_msm):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            pages.append(browser.get(backlog_url(cast.programme)).content.decode())
        browsers.append(browser)
    # The second MSM was served the first one's copy: the request's own queries, and their
    # inbox badge counted for the first time.
    assert len(queries) == CACHED_QUERIES + 1
    assert TOKEN_PLACEHOLDER not in pages[1] and form_token(pages[0]) != form_token(pages[1])
    move = reverse("feedback:backlog_move", kwargs={"slug": cast.programme.slug,
                                                    "item_id": b.pk})
    for browser, html in zip(browsers, pages, strict=True):
        moved = browser.post(move, {"direction": "up", "csrfmiddlewaretoken": form_token(html)})
        assert moved.status_code == 302
