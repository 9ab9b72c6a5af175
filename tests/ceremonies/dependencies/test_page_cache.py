"""The dependency board and list are kept under the programme's data version: a second view
works out neither, a committed answer shows at the next view (also in the providing team's
programme), and the list's actions follow each viewer's own teams, never a copy made for
someone else."""

from datetime import timedelta

from django.urls import reverse

from ceremonies.dependencies import services as deps
from ceremonies.models import Dependency
from tests import factories
from tests.cached_pages import CACHED_QUERIES, without_tokens
from tests.ceremonies.dependencies import requested


def page(client, programme, view="list") -> str:
    response = client.get(reverse("ceremonies:dependencies", kwargs={"slug": programme.slug}),
                          {"view": view})
    assert response.status_code == 200
    return response.content.decode()


def test_an_unchanged_list_and_board_are_served_from_the_cache(client, cast,
                                                              django_assert_num_queries):
    requested(cast)
    client.force_login(cast.msm)
    first_list, first_board = page(client, cast.programme), page(client, cast.programme, "board")
    with django_assert_num_queries(CACHED_QUERIES + 1):  # and the viewer's teams
        assert without_tokens(page(client, cast.programme)) == without_tokens(first_list)
    with django_assert_num_queries(CACHED_QUERIES):
        second_board = page(client, cast.programme, "board")
    assert without_tokens(second_board) == without_tokens(first_board)
    assert "Card API v2" in first_list and "Card API v2" in first_board


def test_only_the_providing_team_gets_the_answer_form_whoever_looked_first(client, cast):
    requested(cast)
    answer = "Answer “Card API v2”"
    for person, answers in [(cast.msm, False), (cast.other_scrum_master, True),
                            (cast.scrum_master, False), (cast.other_scrum_master, True)]:
        client.force_login(person)
        assert (answer in page(client, cast.programme)) is answers, person


def test_a_committed_answer_shows_at_the_next_view_in_both_programmes(
        client, cast, django_capture_on_commit_callbacks):
    experience = factories.ProgrammeFactory(name="Experience", parent=cast.parent)
    storefront = factories.TeamFactory(programme=experience, name="Storefront")
    lead = factories.make_scrum_master(storefront, factories.PersonFactory(name="Lea SM"))
    dependency = deps.dependency_request(
        needing_team=cast.team, by=cast.scrum_master,
        need=deps.Need(providing_team=storefront, what="Checkout hooks",
                       needed_by=cast.programme.today() + timedelta(days=20)))
    client.force_login(cast.parent_msm)
    for programme in (cast.programme, experience):
        assert 'state-requested">Requested' in page(client, programme)
    with django_capture_on_commit_callbacks(execute=True):
        deps.dependency_answer(dependency=dependency, by=lead, answer=Dependency.Status.ACCEPTED,
                               committed_date=cast.programme.today() + timedelta(days=10))
    for programme in (cast.programme, experience):
        assert 'state-accepted">Accepted' in page(client, programme)
        assert "Checkout hooks" in page(client, programme, "board")
