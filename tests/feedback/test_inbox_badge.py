"""The Inbox badge in the navigation: one query, the same number as "waiting for me"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import selectors, services
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
