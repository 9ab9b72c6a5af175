"""The Inbox badge in the navigation: one query, the same number as "waiting for me", cached
until something changes in the person's programme trees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import selectors, services
from feedback.badge import inbox_badge, trees_version
from tests import factories

from .helpers import raise_impediment


def test_the_inbox_badge_counts_what_waits_in_one_query(cast):
    raise_impediment(cast)
    answered = raise_impediment(cast)
    services.feedback_answer(item=answered, by=cast.msm, text="x")
    services.decision_route_down(programme=cast.programme, title="d",
                                 teams=[cast.team, cast.other_team], by=cast.msm)
    question = services.feedback_raise(programme=cast.programme, kind="question", title="Q",
                                       direction="up", raised_by=cast.msm)
    services.feedback_escalate(item=question, by=cast.parent_msm)
    top = factories.make_stakeholder(cast.parent)
    people = [cast.scrum_master, cast.msm, cast.member, cast.other_scrum_master,
              cast.parent_msm, top, cast.stakeholder, cast.outsider]

    for person in people:
        with CaptureQueriesContext(connection) as queries:
            count = selectors.waiting_for_me_count(person)
        assert len(queries.captured_queries) == 1
        assert count == len(selectors.inbox(person)["waiting_for_me"]), person


def test_the_badge_shows_in_the_navigation(cast, client):
    raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.get("/")

    assert 'Inbox <span class="badge" title="waiting for you">1</span>' in (
        response.content.decode())


def test_the_inbox_page_shows_the_badge_from_its_own_count(cast, client):
    client.force_login(cast.msm)
    for _ in range(3):
        raise_impediment(cast)
    html = client.get("/inbox/").content.decode()
    expected = client.get(f"/p/{cast.programme.slug}/").content.decode()
    badge = 'title="waiting for you">'
    assert html.split(badge)[1].split("<")[0] == expected.split(badge)[1].split("<")[0]


def badge_on(client, url="/") -> str:
    """The badge's number; "0" when there is none (nothing waits)."""
    parts = client.get(url).content.decode().split('title="waiting for you">')
    return parts[1].split("<")[0] if len(parts) > 1 else "0"


def test_a_second_page_reads_the_badge_from_the_cache(cast, client):
    raise_impediment(cast)
    client.force_login(cast.msm)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    counts = [q["sql"] for q in first.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(counts) == 1  # the badge's count
    assert not any("COUNT(*)" in q["sql"] for q in second.captured_queries)
    assert len(second.captured_queries) == len(first.captured_queries) - 1


def test_a_team_acknowledging_takes_the_item_off_its_badge_at_once(
        cast, client, django_capture_on_commit_callbacks):
    decision = services.decision_route_down(programme=cast.programme, title="Freeze",
                                            teams=[cast.team, cast.other_team], by=cast.msm)
    client.force_login(cast.scrum_master)
    assert badge_on(client) == "1"
    with django_capture_on_commit_callbacks(execute=True):
        # Only the team's acknowledgement is written: the item waits for the other team.
        services.feedback_acknowledge(item=decision, by=cast.scrum_master)
    assert badge_on(client) == "0"
    client.force_login(cast.other_scrum_master)
    assert badge_on(client) == "1"


@pytest.mark.django_db(transaction=True)
def test_a_new_role_renews_the_badge(cast):
    raise_impediment(cast)
    newcomer = factories.PersonFactory(name="Nia New")
    assert inbox_badge(newcomer) == 0
    before = trees_version(newcomer)
    factories.make_msm(cast.programme, newcomer)
    assert trees_version(newcomer) != before
    assert inbox_badge(newcomer) == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_in_another_tree_keeps_the_badge(cast):
    before = trees_version(cast.scrum_master)
    factories.TeamFactory(programme=cast.other_programme, name="Elsewhere team")
    assert trees_version(cast.scrum_master) == before
    factories.TeamFactory(programme=cast.parent, name="Platform")
    assert trees_version(cast.scrum_master) != before
