"""Who may search a picker: the people of the programme whose role lets them pick for that
field; outsiders learn nothing (404), a role that may not pick is refused (403)."""

from . import pick, pick_url


def test_the_msm_searches_the_objective_owner(cast, client):
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "objective-owner", "sam").status_code == 200


def test_the_msm_of_the_parent_programme_does_too(cast, client):
    client.force_login(cast.parent_msm)
    assert pick(client, cast.programme, "objective-owner", "sam").status_code == 200


def test_a_stakeholder_may_not_pick_an_objective_owner(cast, client):
    client.force_login(cast.stakeholder)
    response = pick(client, cast.programme, "objective-owner", "sam")
    assert response.status_code == 403
    assert "Sam SM" not in response.content.decode()


def test_a_scrum_master_may_not_either(cast, client):
    client.force_login(cast.scrum_master)
    assert pick(client, cast.programme, "objective-owner", "sam").status_code == 403


def test_an_outsider_learns_nothing(cast, client):
    client.force_login(cast.outsider)
    response = pick(client, cast.programme, "objective-owner", "sam")
    assert response.status_code == 404
    assert "Sam SM" not in response.content.decode()


def test_someone_signed_out_is_sent_to_sign_in(cast, client):
    response = pick(client, cast.programme, "objective-owner", "sam")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_unknown_picker_does_not_exist(cast, client):
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "everyone", "sam").status_code == 404


def test_it_only_answers_get(cast, client):
    client.force_login(cast.msm)
    assert client.post(pick_url(cast.programme, "objective-owner"), {"q": "sam"}
                       ).status_code == 405


def test_a_missing_or_malformed_context_does_not_exist(cast, client):
    client.force_login(cast.msm)
    for item in ("", "abc", "-1", "0", "99999999999999999999", "١٢"):
        response = pick(client, cast.programme, "feedback-owner", "sam", item=item)
        assert response.status_code == 404, item

