"""My actions in the inbox, the team page's action items, and marking one done there (htmx
or a plain post), with the forbidden cases beside the allowed ones."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremonies.models import ActionItem
from tests.ceremonies.actions import DUE, change_url, record
from tests.ceremonies.meetings import make_meeting

INBOX = "/inbox/"


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


@pytest.fixture
def action(cast, meeting):
    return record(meeting, cast.scrum_master, due=DUE)


def team_url(team):
    return reverse("programmes:team", kwargs={"slug": team.programme.slug,
                                              "team_slug": team.slug})


def state(action):
    return ActionItem.objects.get(pk=action.pk).state


@pytest.mark.clock("2026-11-27T12:00:00+00:00")
def test_my_actions_are_in_my_inbox_with_their_meeting_due_date_and_overdue_state(
        client, cast, meeting, action):
    client.force_login(cast.scrum_master)
    html = client.get(INBOX).content.decode()
    assert 'id="my-actions"' in html and "1 open</span>" in html
    assert "Book the SIT slots" in html and "due Thu 26 Nov 2026" in html
    assert f'href="{meeting.get_absolute_url()}"' in html
    assert "Overdue</strong>" in html and "1 overdue" in html


def test_nobody_elses_actions_are_in_my_inbox(client, cast, action):
    client.force_login(cast.member)
    html = client.get(INBOX).content.decode()
    assert "Book the SIT slots" not in html and "No open action items." in html


def test_the_team_page_lists_its_peoples_actions_with_their_owner(client, cast, action):
    client.force_login(cast.stakeholder)
    html = client.get(team_url(cast.team)).content.decode()
    assert "Book the SIT slots" in html and "— Sam SM" in html
    assert "Mark done" not in html  # a stakeholder reads it; only the owner or MSM closes it
    assert "Book the SIT slots" not in client.get(team_url(cast.other_team)).content.decode()


@pytest.mark.parametrize("who", ["scrum_master", "msm"])
def test_the_owner_or_the_msm_sees_mark_done_on_the_team_page(client, cast, action, who):
    client.force_login(getattr(cast, who))
    assert "Mark done" in client.get(team_url(cast.team)).content.decode()


def test_the_owner_marks_it_done_from_the_inbox_without_javascript(client, cast, action):
    client.force_login(cast.scrum_master)
    response = client.post(change_url(action, "done"), {"next": INBOX}, follow=True)
    assert response.redirect_chain[-1][0] == INBOX
    html = response.content.decode()
    assert "“Book the SIT slots” marked done." in html and "Closed in the last two weeks" in html
    assert state(action) == "done"


def test_htmx_gets_the_row_back_with_its_undo(client, cast, action):
    client.force_login(cast.scrum_master)
    response = client.post(change_url(action, "done"), {"next": INBOX},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="action-row state-done" id="action-{action.pk}"')
    assert "<html" not in html and "Reopen" in html and "Mark done" not in html
    assert f'value="{INBOX}"' in html  # the undo comes back to the same page


def test_reopen_undoes_done(client, cast, action):
    client.force_login(cast.scrum_master)
    client.post(change_url(action, "done"))
    response = client.post(change_url(action, "reopen"), headers={"HX-Request": "true"})
    assert state(action) == "open" and "Mark done" in response.content.decode()


def test_the_msm_marks_it_done_from_the_team_page(client, cast, action):
    client.force_login(cast.msm)
    page = team_url(cast.team)
    response = client.post(change_url(action, "done"), {"next": page, "show_owner": "1"},
                           headers={"HX-Request": "true"})
    assert state(action) == "done" and "— Sam SM" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "other_scrum_master", "stakeholder"])
@pytest.mark.parametrize("change", ["done", "reopen"])
def test_anyone_else_in_the_programme_is_refused(client, cast, action, who, change):
    client.force_login(getattr(cast, who))
    assert client.post(change_url(action, change)).status_code == 403
    assert state(action) == "open"


def test_an_outsider_gets_a_404(client, cast, action):
    client.force_login(cast.outsider)
    assert client.post(change_url(action, "done")).status_code == 404
    assert state(action) == "open"


def test_an_action_of_another_programme_is_not_found_through_this_one(client, cast):
    elsewhere = record(make_meeting(cast.other_programme), cast.outsider)
    client.force_login(cast.msm)
    url = reverse("ceremonies:action_done", kwargs={"slug": cast.programme.slug,
                                                    "action_id": elsewhere.pk})
    assert client.post(url).status_code == 404


def test_it_rejects_get(client, cast, action):
    client.force_login(cast.scrum_master)
    assert client.get(change_url(action, "done")).status_code == 405


def test_a_next_outside_the_site_goes_to_the_inbox_instead(client, cast, action):
    client.force_login(cast.scrum_master)
    response = client.post(change_url(action, "done"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == INBOX


def _fill(meeting, owner, count):
    for n in range(count):
        item = record(meeting, owner, f"Action {n}", due=DUE + timedelta(days=n))
        if n % 3 == 0:
            item.state, item.done_at = "done", item.at
            item.save()


def test_the_inbox_costs_the_same_for_3_and_30_actions(client, cast, meeting,
                                                      django_assert_num_queries):
    client.force_login(cast.scrum_master)
    _fill(meeting, cast.scrum_master, 3)
    client.get(INBOX)  # the first visit of a session costs one query more
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    _fill(make_meeting(cast.parent), cast.scrum_master, 27)  # from another programme too
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(INBOX).content.decode()
    assert html.count('class="action-row state-open"') == 20


def test_the_team_page_costs_the_same_for_3_and_30_actions(client, cast, meeting,
                                                          django_assert_num_queries):
    client.force_login(cast.msm)
    _fill(meeting, cast.scrum_master, 3)
    client.get(team_url(cast.team))
    with CaptureQueriesContext(connection) as few:
        client.get(team_url(cast.team))
    _fill(meeting, cast.member, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(team_url(cast.team)).content.decode()
    assert html.count('class="action-row state-open"') == 20
