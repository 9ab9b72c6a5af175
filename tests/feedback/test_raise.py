"""Raising an item through the form, with defaults by role; bad input keeps what was typed."""

from django.urls import reverse

from feedback.models import FeedbackItem


def new_url(cast):
    return reverse("feedback:new", kwargs={"slug": cast.programme.slug})


def test_a_scrum_master_raises_an_impediment_for_their_team(cast, client):
    client.force_login(cast.scrum_master)

    response = client.post(new_url(cast), {"kind": "impediment", "title": "No test env",
                                           "details": "Since Monday", "direction": "up",
                                           "origin_team": cast.team.pk})

    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert (item.origin_team, item.level, item.raised_by) == (
        cast.team, "programme", cast.scrum_master)


def test_the_form_defaults_follow_the_role(cast, client):
    client.force_login(cast.scrum_master)
    form = client.get(new_url(cast)).context["form"]
    assert form.initial["direction"] == "up"
    assert form.initial["kind"] == "impediment"
    assert form.initial["origin_team"] == cast.team

    client.force_login(cast.stakeholder)
    form = client.get(new_url(cast)).context["form"]
    assert form.initial["direction"] == "down"
    assert "origin_team" not in form.fields


def test_a_member_only_picks_their_own_team(cast, client):
    client.force_login(cast.member)

    response = client.post(new_url(cast), {"kind": "risk", "title": "x", "direction": "up",
                                           "origin_team": cast.other_team.pk})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_missing_title_keeps_the_details(cast, client):
    client.force_login(cast.scrum_master)

    response = client.post(new_url(cast), {"kind": "impediment", "title": "",
                                           "details": "Keep me", "direction": "up",
                                           "origin_team": cast.team.pk})

    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" in body
    assert "Keep me" in body


def test_going_down_needs_teams(cast, client):
    client.force_login(cast.msm)

    response = client.post(new_url(cast), {"kind": "decision", "title": "Freeze",
                                           "direction": "down"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose the teams this goes down to" in body
    assert 'value="Freeze"' in body


def test_a_stakeholder_sends_a_request_down_to_the_msm(cast, client):
    client.force_login(cast.stakeholder)

    client.post(new_url(cast), {"kind": "request", "title": "Demo on Friday",
                                "direction": "down"})

    item = FeedbackItem.objects.get()
    assert (item.origin, item.level, item.direction) == ("stakeholder", "programme", "down")


def test_the_msm_sends_a_decision_to_two_teams(cast, client):
    client.force_login(cast.msm)

    client.post(new_url(cast), {"kind": "decision", "title": "Freeze", "direction": "down",
                                "teams": [cast.team.pk, cast.other_team.pk]})

    item = FeedbackItem.objects.get()
    assert item.addressees.count() == 2


def test_outsiders_get_a_404(cast, client):
    client.force_login(cast.outsider)

    assert client.get(new_url(cast)).status_code == 404


def test_an_empty_answer_is_refused_and_nothing_changes(cast, client):
    from .helpers import raise_impediment
    item = raise_impediment(cast)
    client.force_login(cast.msm)

    response = client.post(item.get_absolute_url() + "answer/", {"text": ""})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    item.refresh_from_db()
    assert item.state == "routed"


def test_a_reopen_without_reason_keeps_the_form_and_says_why(cast, client):
    from feedback import services

    from .helpers import raise_impediment
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="x")
    client.force_login(cast.scrum_master)

    response = client.post(item.get_absolute_url() + "reopen/", {"reopen-comment": "  "})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_bad_settings_keep_the_input(cast, client):
    client.force_login(cast.msm)

    response = client.post(reverse("feedback:settings", kwargs={"slug": cast.programme.slug}),
                           {"acknowledge_within_working_days": 0,
                            "stakeholder_answer_within_days": 45,
                            "escalation_after_working_days": 3})

    body = response.content.decode()
    assert response.status_code == 400
    assert "greater than or equal to 1" in body
    assert 'value="45"' in body
