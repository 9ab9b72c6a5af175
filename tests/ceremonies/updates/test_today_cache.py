"""Today is kept under its programme's data version: a second view works out nothing, and a
committed change shows at the very next view. Viewers whose roles differ, or who read another
language, never share a copy."""


from django.urls import reverse

from ceremonies.updates.services import Stop, policy_set
from tests import factories
from tests.cached_pages import CACHED_QUERIES, without_tokens
from tests.ceremonies.updates import post, upcoming_meeting


def today(client, programme) -> str:
    page = client.get(reverse("ceremonies:today", kwargs={"slug": programme.slug}))
    assert page.status_code == 200
    return page.content.decode()


def test_an_unchanged_today_is_served_from_the_cache(client, cast, django_assert_num_queries):
    upcoming_meeting(cast.programme)
    post(cast.team, cast.scrum_master, at=None, done="Ledger export shipped")
    client.force_login(cast.msm)
    first = today(client, cast.programme)
    with django_assert_num_queries(CACHED_QUERIES):
        second = today(client, cast.programme)
    assert without_tokens(second) == without_tokens(first)
    assert "Ledger export shipped" in second and "No update posted" in second


def test_a_stop_notice_shows_on_the_named_team_at_the_next_view(
        client, cast, django_capture_on_commit_callbacks):
    upcoming_meeting(cast.programme)
    client.force_login(cast.other_scrum_master)
    assert "Other teams may stop Card Gateway" not in today(client, cast.programme)
    with django_capture_on_commit_callbacks(execute=True):
        post(cast.team, cast.scrum_master, at=None,
             stops=[Stop(team=cast.other_team, what="We freeze the card schema on Friday")])
    html = today(client, cast.programme)
    assert "Other teams may stop Card Gateway" in html
    assert "We freeze the card schema on Friday" in html


def test_members_allowed_to_post_see_their_button_at_the_next_view(
        client, cast, django_capture_on_commit_callbacks):
    upcoming_meeting(cast.programme)
    client.force_login(cast.member)
    assert "Post Ledger's update" not in today(client, cast.programme)
    with django_capture_on_commit_callbacks(execute=True):
        policy_set(team=cast.team, by=cast.scrum_master, members_may_post=True)
    assert "Post Ledger's update" in today(client, cast.programme)


def test_viewers_with_other_roles_do_not_share_a_copy(client, cast):
    upcoming_meeting(cast.programme)
    post_for_the_team = "<span class=\"sr-only\">Ledger's update</span> for the team"
    client.force_login(cast.msm)
    assert post_for_the_team in today(client, cast.programme)
    client.force_login(cast.stakeholder)
    assert post_for_the_team not in today(client, cast.programme)


def test_a_german_reader_gets_a_german_copy(client, cast):
    upcoming_meeting(cast.programme)
    client.force_login(cast.msm)
    assert "No update posted" in today(client, cast.programme)
    german = factories.make_msm(cast.programme, factories.PersonFactory(name="Greta",
                                                                        language="de"))
    client.force_login(german)
    html = today(client, cast.programme)
    assert "Kein Update gepostet" in html and "No update posted" not in html
