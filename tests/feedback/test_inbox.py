"""Inboxes: who sees what, and a bounded number of queries whatever the number of items."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import selectors, services

from .helpers import raise_impediment


def fill(cast, n):
    for i in range(n):
        item = raise_impediment(cast, title=f"Blocker {i}")
        if i % 3 == 0:
            services.feedback_answer(item=item, by=cast.msm, text="done")
        services.decision_route_down(programme=cast.programme, title=f"Decision {i}",
                                     teams=[cast.team, cast.other_team], by=cast.msm)


def test_the_scrum_master_waits_on_the_msm_and_must_acknowledge_decisions(cast):
    item = raise_impediment(cast)
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team], by=cast.msm)

    box = selectors.inbox(cast.scrum_master)

    assert list(box["waiting_for_me"]) == [decision]
    assert list(box["waiting_on_others"]) == [item]


def test_the_msm_holds_the_impediment(cast):
    item = raise_impediment(cast)

    assert list(selectors.inbox(cast.msm)["waiting_for_me"]) == [item]


def test_an_answered_item_waits_for_its_originator_to_close(cast):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="done")

    box = selectors.inbox(cast.scrum_master)

    assert list(box["waiting_for_me"]) == [item]
    assert list(selectors.inbox(cast.msm)["waiting_for_me"]) == []


def test_a_team_that_acknowledged_no_longer_waits(cast):
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team, cast.other_team], by=cast.msm)
    services.feedback_acknowledge(item=decision, by=cast.scrum_master)

    assert list(selectors.inbox(cast.scrum_master)["waiting_for_me"]) == []
    assert list(selectors.inbox(cast.other_scrum_master)["waiting_for_me"]) == [decision]


def test_stakeholders_see_what_is_routed_to_them(cast):
    item = services.feedback_raise(programme=cast.programme, kind="question", title="Q",
                                   direction="up", raised_by=cast.msm)
    services.feedback_escalate(item=item, by=cast.parent_msm)
    from tests import factories
    top = factories.make_stakeholder(cast.parent)

    assert list(selectors.inbox(top)["waiting_for_me"]) == [item]
    assert list(selectors.inbox(cast.outsider)["waiting_for_me"]) == []


def test_the_inbox_needs_a_login(client):
    response = client.get("/inbox/")

    assert response.status_code == 302


@pytest.mark.parametrize("person", ["scrum_master", "msm"])
def test_the_inbox_makes_the_same_queries_for_3_and_30_items(cast, client,
                                                             django_assert_num_queries,
                                                             person):
    client.force_login(getattr(cast, person))
    fill(cast, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/inbox/").status_code == 200
    fill(cast, 27)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/inbox/")

    html = response.content.decode()
    assert html.count("<tr id=\"row-") >= 25  # a page of each list, not everything
    assert "Page 1 of 2" in html
    # session, user, 2 roles, 2 × (count, page, teams), My actions; the badge reuses the
    # first count
    assert len(few.captured_queries) <= 11


def test_the_programme_flow_makes_a_bounded_number_of_queries(cast, client):
    client.force_login(cast.msm)
    fill(cast, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/p/{cast.programme.slug}/feedback/")
    fill(cast, 27)
    cache.clear()  # both views count the inbox badge afresh

    with CaptureQueriesContext(connection) as many:
        client.get(f"/p/{cast.programme.slug}/feedback/")

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_two_lists_page_independently(cast, client):
    client.force_login(cast.scrum_master)  # must acknowledge 30 decisions
    fill(cast, 30)
    first = client.get("/inbox/").context["waiting_for_me"]
    second = client.get("/inbox/", {"mine": 2, "others": 1}).context["waiting_for_me"]
    assert first.number == 1 and second.number == 2
    assert not set(first.object_list) & set(second.object_list)
    assert "others=1" in second.prev_url and "mine=1" in second.prev_url


def test_the_programme_flow_shows_fifty_open_loops_a_page(cast, client):
    client.force_login(cast.msm)
    fill(cast, 60)
    first = client.get(f"/p/{cast.programme.slug}/feedback/")
    second = client.get(f"/p/{cast.programme.slug}/feedback/", {"page": 2})
    assert len(first.context["items"]) == 50 and "Page 1 of 3" in first.content.decode()
    assert not set(first.context["items"]) & set(second.context["items"])
