import pytest
from django.urls import reverse

from tests import factories


def test_it_lists_only_my_programmes(client, cast):
    client.force_login(cast.msm)
    response = client.get(reverse("programmes:mine"))
    names = [p.name for p in response.context["programmes"]]
    assert names == ["Payments"]


def test_the_parent_msm_sees_the_whole_tree(client, cast):
    client.force_login(cast.parent_msm)
    response = client.get(reverse("programmes:mine"))
    assert [p.name for p in response.context["programmes"]] == ["Northwind", "Payments"]


def test_someone_without_roles_is_told_what_to_do(client, db):
    from tests.factories import PersonFactory

    client.force_login(PersonFactory())
    response = client.get(reverse("programmes:mine"))
    assert "not in any programme yet" in response.content.decode()


@pytest.mark.parametrize("children", [2, 30])
def test_its_query_count_does_not_grow_with_programmes(client, cast, children,
                                                       django_assert_num_queries):
    for n in range(children):
        child = factories.ProgrammeFactory(name=f"Train {n}", parent=cast.parent)
        factories.TeamFactory(programme=child, name=f"Team {n}")
    client.force_login(cast.parent_msm)
    # session, user, the programmes of my teams, the paths of my roles, the programmes with
    # their counts, the inbox badge
    with django_assert_num_queries(7):
        response = client.get(reverse("programmes:mine"))
    assert len(response.context["programmes"]) == children + 2
