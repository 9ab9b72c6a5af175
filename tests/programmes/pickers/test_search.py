"""The pickers' search: what a person may pick, matching what they typed, best first, a few at a
time. Searched here through the objective owner's picker (the MSM's, among the programme's
people) and the teams an item is sent down to (anyone's in the programme)."""

from programmes.pickers.kinds import LIMIT
from tests import factories

from . import labels, member_named, pick


def test_it_finds_people_by_part_of_their_name(cast, client):
    member_named(cast.team, "Priya Shah")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "riy")) == ["Priya Shah"]


def test_it_finds_people_by_their_email_address(cast, client):
    member_named(cast.team, "Priya Shah", email="p.shah@example.com")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "p.shah@")) == ["Priya Shah"]


def test_it_ignores_case_and_accents_on_both_sides(cast, client):
    member_named(cast.team, "José Álvarez")
    member_named(cast.team, "Zoe Lindqvist")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "JOSE alv")) == [
        "José Álvarez"]
    assert labels(pick(client, cast.programme, "objective-owner", "zoé")) == ["Zoe Lindqvist"]


def test_letters_without_a_combining_accent_are_folded_too(cast, client):
    member_named(cast.team, "Søren Łukasz Straße")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "soren lukasz strasse")) == [
        "Søren Łukasz Straße"]


def test_the_words_match_in_any_order(cast, client):
    member_named(cast.team, "Priya Shah")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "shah priya")) == [
        "Priya Shah"]


def test_every_word_typed_must_match(cast, client):
    member_named(cast.team, "Priya Shah")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "priya member")) == []


def test_the_whole_name_comes_first_then_names_starting_with_it(cast, client):
    for name in ("Joanne Pike", "Bob Ann", "Anna Berg", "Ann"):
        member_named(cast.team, name)
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "ann")) == [
        "Ann", "Anna Berg", "Bob Ann", "Joanne Pike"]


def test_an_empty_search_lists_the_first_names_in_order(cast, client):
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner")) == [
        "Ana Member", "Kenji SM", "Maya MSM", "Paula Parent", "Sam SM", "Steve Stake"]


def test_it_shows_at_most_twenty_and_says_that_more_match(cast, client):
    for n in range(LIMIT + 5):
        member_named(cast.team, f"Tester {n:02}")
    client.force_login(cast.msm)
    answer = pick(client, cast.programme, "objective-owner", "tester").json()
    assert [r["label"] for r in answer["results"]] == [f"Tester {n:02}" for n in range(LIMIT)]
    assert answer["more"] is True
    assert answer["status"] == "The first 20 people found; type more to narrow them down."


def test_it_says_how_many_it_found(cast, client):
    member_named(cast.team, "Priya Shah")
    client.force_login(cast.msm)
    status = {q: pick(client, cast.programme, "objective-owner", q).json()["status"]
              for q in ("priya", "sm", "nobody")}
    assert status == {"priya": "1 person found.", "sm": "3 people found.",
                      "nobody": "No one found."}


def test_it_offers_only_the_people_of_the_programme(cast, client):
    elsewhere = factories.TeamFactory(programme=cast.other_programme)
    member_named(elsewhere, "Olivia Outside")
    member_named(cast.team, "Oona Outram")
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "out")) == [
        "Oona Outram"]  # neither Olga Out nor Olivia Outside: they are Elsewhere's


def test_people_no_longer_active_are_not_offered(cast, client):
    gone = member_named(cast.team, "Gone Person")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "gone")) == []


def test_the_msm_sees_email_addresses_beside_names(cast, client):
    member_named(cast.team, "Priya Shah", email="priya@example.com")
    client.force_login(cast.msm)
    result = pick(client, cast.programme, "objective-owner", "priya").json()["results"][0]
    assert result["detail"] == "priya@example.com"
    assert result["value"] == str(cast.team.memberships.get(person__name="Priya Shah")
                                  .person_id)


def test_teams_are_found_by_name_for_anyone_of_the_programme(cast, client):
    client.force_login(cast.member)
    answer = pick(client, cast.programme, "feedback-teams", "card").json()
    assert answer["results"] == [
        {"value": str(cast.other_team.pk), "label": "Card Gateway", "detail": ""}]
    assert answer["status"] == "1 team found."


def test_percent_and_underscore_are_plain_characters(cast, client):
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "objective-owner", "_")) == []
    assert labels(pick(client, cast.programme, "objective-owner", "%")) == []


def test_text_that_cannot_be_stored_is_refused_with_a_reason(cast, client):
    client.force_login(cast.msm)
    response = pick(client, cast.programme, "objective-owner", "a\x00b")
    assert response.status_code == 400
    assert response.json() == {"error": "Text cannot contain NUL characters."}
