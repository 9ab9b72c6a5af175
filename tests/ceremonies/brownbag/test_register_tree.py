"""Register entries are visible to the whole programme tree, and to nobody else."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from ceremonies.brownbag import register
from tests.ceremonies.brownbag import sibling_of


@pytest.fixture
def entry(cast):
    return register.register_record(
        team=cast.team, by=cast.scrum_master, problem="Idempotent payment retries",
        tags="payments, idempotency", solved_on=date(2026, 11, 10),
        write_up="An idempotency key per request, stored for a day, makes retries safe.")


def _register(client, person, programme, q=""):
    client.force_login(person)
    return client.get(reverse("ceremonies:register", kwargs={"slug": programme.slug}),
                      {"q": q})


def test_a_sibling_programme_finds_what_its_sibling_solved(client, cast, entry):
    sibling, _, member, _ = sibling_of(cast)
    response = _register(client, member, sibling, "idempotency")
    assert response.status_code == 200
    assert [h.entry for h in response.context["hits"]] == [entry]
    assert "payment retries" in response.content.decode()


def test_the_parent_programme_sees_its_childrens_entries(client, cast, entry):
    response = _register(client, cast.parent_msm, cast.parent)
    assert [h.entry for h in response.context["hits"]] == [entry]


def test_another_tree_does_not_see_the_entry(client, cast, entry):
    response = _register(client, cast.outsider, cast.other_programme, "idempotency")
    assert response.context["hits"] == []


def test_a_sibling_opens_the_entry_page_through_its_own_programme(client, cast, entry):
    sibling, _, member, _ = sibling_of(cast)
    client.force_login(member)
    url = reverse("ceremonies:register_entry", kwargs={"slug": sibling.slug,
                                                       "entry_id": entry.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert "An idempotency key per request" in response.content.decode()


def test_an_outsider_gets_404_for_the_entry_through_their_own_programme(client, cast, entry):
    client.force_login(cast.outsider)
    url = reverse("ceremonies:register_entry", kwargs={"slug": cast.other_programme.slug,
                                                       "entry_id": entry.pk})
    response = client.get(url)
    assert response.status_code == 404
    assert "Idempotent" not in response.content.decode()


def test_an_outsider_gets_404_for_the_entry_page_of_the_tree(client, cast, entry):
    client.force_login(cast.outsider)
    url = reverse("ceremonies:register_entry", kwargs={"slug": cast.programme.slug,
                                                       "entry_id": entry.pk})
    assert client.get(url).status_code == 404


def test_the_register_page_costs_the_same_whatever_the_number_of_entries(
        client, cast, entry, django_assert_num_queries):
    client.force_login(cast.member)
    url = reverse("ceremonies:register", kwargs={"slug": cast.programme.slug})
    with django_assert_num_queries(9):
        client.get(url, {"q": "payments"})
    for n in range(5):
        other = register.register_record(
            team=cast.other_team, by=cast.msm, problem=f"Payments problem {n}",
            tags="payments", solved_on=date(2026, 11, 1), write_up="Solved.")
        register.register_reuse(entry=other, team=cast.team, by=cast.msm)
    cache.clear()  # both views count the inbox badge afresh
    with django_assert_num_queries(9):
        response = client.get(url, {"q": "payments"})
    assert len(response.context["hits"]) == 6


def test_the_knowledge_spread_costs_the_same_whatever_the_number_of_entries(
        client, cast, entry, django_assert_num_queries):
    client.force_login(cast.msm)
    url = reverse("ceremonies:register_spread", kwargs={"slug": cast.programme.slug})
    with django_assert_num_queries(9):
        client.get(url)
    for n in range(4):
        other = register.register_record(
            team=cast.other_team, by=cast.msm, problem=f"Problem {n}", solved_on=date.today(),
            write_up="Solved.")
        register.register_reuse(entry=other, team=cast.team, by=cast.msm)
    cache.clear()  # both views count the inbox badge afresh
    with django_assert_num_queries(9):
        response = client.get(url)
    assert [e.reuse_count for e in response.context["entries"]] == [1, 1, 1, 1, 0]
