"""The update form page: post, edit, conflicts shown side by side, closed window, IDOR."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ceremonies.meetings import state as room
from ceremonies.models import DailyUpdate, Dependency
from tests import factories
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


def test_the_scrum_master_posts_the_update(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(meeting=meeting, done="Shipped it"))
    assert response.status_code == 302
    update = DailyUpdate.objects.get()
    assert (update.meeting, update.done, update.version) == (meeting, "Shipped it", 1)


def test_the_form_shows_the_saved_update_for_editing(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(meeting=meeting, done="Shipped it"))
    html = client.get(form_url(cast.team)).content.decode()
    assert "Shipped it" in html and 'name="version" value="1"' in html


def test_a_stale_edit_shows_both_texts_and_keeps_mine(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(meeting=meeting, done="First"))
    client.post(form_url(cast.team), form_data(version=1, meeting=meeting, done="Sam's"))
    client.force_login(cast.msm)
    response = client.post(form_url(cast.team),
                           form_data(version=1, meeting=meeting, done="Maya's"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sam&#x27;s" in html and "Maya&#x27;s" in html
    assert 'name="version" value="2"' in html  # saving again re-applies mine
    assert DailyUpdate.objects.get().done == "Sam's"
    client.post(form_url(cast.team), form_data(version=2, meeting=meeting, done="Maya's"))
    assert DailyUpdate.objects.get().done == "Maya's"


def test_after_the_start_a_save_is_refused_with_409(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(meeting=meeting, done="First"))
    room.meeting_start(meeting=meeting, by=cast.msm)
    response = client.post(form_url(cast.team), form_data(version=1, meeting=meeting,
                                                          done="Late"))
    html = response.content.decode()
    assert response.status_code == 409 and "read-only" in html
    assert "Late</textarea>" in html  # what was typed is still there to copy
    assert DailyUpdate.objects.get().done == "First"


def test_bad_input_keeps_what_was_typed(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(meeting=meeting, health="purple",
                                                          done="Keep me"))
    assert response.status_code == 400 and "Keep me" in response.content.decode()
    assert not DailyUpdate.objects.exists()


def test_needs_become_dependencies(client, cast, meeting):
    needed_by = cast.programme.today() + timedelta(days=30)
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(
        meeting=meeting, need_team_1=cast.other_team.pk, need_what_1="Card API v2",
        need_by_1=needed_by.isoformat()))
    dependency = Dependency.objects.get()
    assert (dependency.needing_team, dependency.providing_team) == (cast.team, cast.other_team)
    assert dependency.programme == cast.programme and dependency.needed_by == needed_by
    assert dependency.status == "requested"


def test_a_need_by_a_past_date_is_refused_and_the_update_kept_as_typed(client, cast, meeting):
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, done="Keep me", need_team_1=cast.other_team.pk,
        need_what_1="Card API v2",
        need_by_1=(cast.programme.today() - timedelta(days=1)).isoformat()))
    assert response.status_code == 400 and "Keep me" in response.content.decode()
    assert not Dependency.objects.exists() and not DailyUpdate.objects.exists()


def test_a_need_on_another_programmes_team_is_refused(client, cast, meeting):
    elsewhere = factories.TeamFactory(programme=cast.other_programme, name="Hidden")
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(
        meeting=meeting, need_team_1=elsewhere.pk, need_what_1="Secrets"))
    assert response.status_code == 400 and not Dependency.objects.exists()


def test_another_programmes_team_is_a_404(client, cast, meeting):
    elsewhere = factories.TeamFactory(programme=cast.other_programme, name="Hidden")
    client.force_login(cast.msm)
    url = reverse("ceremonies:update_form",
                  kwargs={"slug": cast.programme.slug, "team_id": elsewhere.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["member", "other_scrum_master", "stakeholder"])
def test_people_who_do_not_post_for_the_team_get_403(client, cast, meeting, who):
    client.force_login(getattr(cast, who))
    assert client.get(form_url(cast.team)).status_code == 403
    assert client.post(form_url(cast.team), form_data(meeting=meeting)).status_code == 403


def test_the_scrum_master_lets_members_post(client, cast, meeting):
    client.force_login(cast.scrum_master)
    url = reverse("ceremonies:update_policy",
                  kwargs={"slug": cast.programme.slug, "team_id": cast.team.pk})
    client.post(url, {"members_may_post": "on"})
    client.force_login(cast.member)
    assert client.get(form_url(cast.team)).status_code == 200


def test_without_a_coming_meeting_the_page_says_so(client, cast):
    client.force_login(cast.scrum_master)
    assert "no Scrum of Scrums coming up" in client.get(form_url(cast.team)).content.decode()
    response = client.post(form_url(cast.team), form_data())
    assert response.status_code == 409


def test_a_blocker_becomes_an_impediment_with_one_click(client, cast, meeting):
    client.force_login(cast.scrum_master)
    client.post(form_url(cast.team), form_data(meeting=meeting,
                                               blockers="Test env down\nNo DBA"))
    update = DailyUpdate.objects.get()
    url = reverse("ceremonies:blocker_impediment",
                  kwargs={"slug": cast.programme.slug, "update_id": update.pk})
    client.post(url, {"line": 1, "back": "form"})
    client.post(url, {"line": 1, "back": "form"})  # a second click raises nothing new
    link = update.impediments.get()
    assert link.line == "No DBA" and link.item.kind == "impediment"
    assert link.item.origin_team == cast.team
    html = client.get(form_url(cast.team)).content.decode()
    assert link.item.get_absolute_url() in html


def test_the_form_rejects_other_methods(client, cast, meeting):
    client.force_login(cast.scrum_master)
    assert client.put(form_url(cast.team)).status_code == 405
