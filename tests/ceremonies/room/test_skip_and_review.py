"""The room's Skip, the carried-over items and their Drop, the review of earlier open actions,
and the minutes that record them; forbidden cases beside the allowed ones."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceremonies.meetings import actions
from ceremonies.meetings import state as room
from ceremonies.meetings.minutes import minutes_render
from ceremonies.models import ActionItem, ActionReview, Meeting
from tests.ceremonies.actions import record
from tests.ceremonies.meetings import make_meeting

MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


def url(meeting, name="room", **kwargs):
    return reverse(f"ceremonies:{name}",
                   kwargs={"slug": meeting.programme.slug, "pk": meeting.pk, **kwargs})


def item_url(meeting, item, change):
    return url(meeting, "agenda_item", item_id=item.pk, change=change)


def review_url(meeting, action):
    return url(meeting, "action_review", action_id=action.pk)


def fresh(meeting):
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def monday(cast):
    return make_meeting(cast.programme, day=MONDAY)


@pytest.fixture
def tuesday(cast):
    return make_meeting(cast.programme, day=TUESDAY)


@pytest.fixture
def earlier(cast, monday):
    return record(monday, cast.scrum_master, "Book the SIT slots", due=date(2026, 11, 26))


def test_the_skip_control_skips_the_running_slot_and_the_agenda_says_so(client, cast, tuesday):
    room.meeting_start(meeting=tuesday, by=cast.msm)
    running = fresh(tuesday).current_item
    client.force_login(cast.msm)
    response = client.post(url(tuesday, "control", action="skip"),
                           {"version": fresh(tuesday).version}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'badge agenda-skipped">skipped<' in html
    running.refresh_from_db()
    assert running.skipped_at is not None and fresh(tuesday).current_item != running


def test_an_item_not_reached_is_skipped_from_the_agenda_and_brought_back(client, cast, tuesday):
    closing = tuesday.items.order_by("position").last()
    client.force_login(cast.msm)
    response = client.post(item_url(tuesday, closing, "skip"), follow=True)
    assert "comes back at the next meeting" in response.content.decode()
    closing.refresh_from_db()
    assert closing.skipped_at is not None
    client.post(item_url(tuesday, closing, "unskip"))
    closing.refresh_from_db()
    assert closing.skipped_at is None


@pytest.mark.parametrize("change", ["skip", "unskip", "drop"])
def test_a_scrum_master_changes_no_agenda_item(client, cast, tuesday, change):
    client.force_login(cast.scrum_master)
    first = tuesday.items.first()
    assert client.post(item_url(tuesday, first, change)).status_code == 403


def test_a_refused_skip_is_explained(client, cast, tuesday):
    room.meeting_start(meeting=tuesday, by=cast.msm)
    room.meeting_next(meeting=fresh(tuesday), by=cast.msm)
    first = tuesday.items.order_by("position").first()
    client.force_login(cast.msm)
    response = client.post(item_url(tuesday, first, "skip"), follow=True)
    assert "That item has been discussed" in response.content.decode()


def test_a_carried_item_shows_its_count_and_is_dropped_from_the_room(client, cast, monday,
                                                                     tuesday):
    room.meeting_start(meeting=monday, by=cast.msm)
    room.meeting_end(meeting=fresh(monday), by=cast.msm)  # the 2nd and 3rd not reached
    client.force_login(cast.msm)
    html = client.get(url(tuesday)).content.decode()
    assert html.count("carried over (2nd time)") == 2
    carried = tuesday.items.exclude(carried_from=None).first()
    response = client.post(item_url(tuesday, carried, "drop"), follow=True)
    assert "does not come back" in response.content.decode()
    assert tuesday.items.exclude(carried_from=None).count() == 1


def test_the_facilitator_sees_earlier_open_actions_with_three_answers(client, cast, tuesday,
                                                                      earlier):
    client.force_login(cast.msm)
    html = client.get(url(tuesday)).content.decode()
    assert 'id="open-actions"' in html and "Book the SIT slots" in html
    assert all(f'value="{v}"' in html for v in ("done", "open", "dropped"))


def test_invitees_see_the_open_actions_without_the_answers(client, cast, tuesday, earlier):
    client.force_login(cast.scrum_master)
    html = client.get(url(tuesday)).content.decode()
    assert "Book the SIT slots" in html and 'name="outcome"' not in html


def test_the_facilitator_answers_with_htmx_and_gets_the_list_back(client, cast, tuesday,
                                                                  earlier):
    client.force_login(cast.msm)
    response = client.post(review_url(tuesday, earlier), {"outcome": "done"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="open-actions">') and "<html" not in html
    assert 'value="done" class="secondary" aria-pressed="true"' in html
    assert ActionItem.objects.get(pk=earlier.pk).state == "done"


def test_a_plain_post_answers_and_comes_back_to_the_list(client, cast, tuesday, earlier):
    client.force_login(cast.msm)
    response = client.post(review_url(tuesday, earlier), {"outcome": "dropped"})
    assert response.status_code == 302 and response.url.endswith("#open-actions")
    assert ActionReview.objects.get().outcome == "dropped"


def test_a_bad_answer_is_explained_and_nothing_changes(client, cast, tuesday, earlier):
    client.force_login(cast.msm)
    response = client.post(review_url(tuesday, earlier), {"outcome": "later"},
                           headers={"HX-Request": "true"})
    assert "Say whether it is done, still open or dropped." in response.content.decode()
    assert not ActionReview.objects.exists()
    assert ActionItem.objects.get(pk=earlier.pk).state == "open"


@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder"])
def test_only_the_facilitator_reviews(client, cast, tuesday, earlier, who):
    client.force_login(getattr(cast, who))
    assert client.post(review_url(tuesday, earlier), {"outcome": "done"}).status_code == 403
    assert not ActionReview.objects.exists()


def test_an_outsider_gets_a_404(client, cast, tuesday, earlier):
    client.force_login(cast.outsider)
    assert client.post(review_url(tuesday, earlier), {"outcome": "done"}).status_code == 404


def test_an_action_of_another_programme_is_not_found(client, cast, tuesday):
    elsewhere = record(make_meeting(cast.other_programme, day=MONDAY), cast.outsider)
    client.force_login(cast.msm)
    assert client.post(review_url(tuesday, elsewhere), {"outcome": "done"}).status_code == 404


@pytest.mark.clock("2026-11-24T08:00:00+00:00")
def test_a_due_date_already_past_is_refused_and_what_was_typed_is_kept(client, cast, tuesday):
    client.force_login(cast.msm)
    response = client.post(url(tuesday, "action"), {"text": "Rebook SIT",
                                                    "owner": cast.scrum_master.pk,
                                                    "due": "2026-11-20"})
    html = response.content.decode()
    assert response.status_code == 400 and 'value="Rebook SIT"' in html
    assert "That day has passed; pick 24 November 2026 or later." in html
    assert not ActionItem.objects.exists()


def _several_actions(cast, monday, tuesday, count):
    for n in range(count):
        earlier = record(monday, cast.scrum_master, f"Earlier {n}")
        if n % 2:
            actions.action_review(meeting=tuesday, action=earlier, outcome="open", by=cast.msm)
        record(tuesday, cast.member, f"Today {n}", due=TUESDAY + timedelta(days=n))


def _room_with_actions(cast, days, count, *, ended):
    before, meeting = (make_meeting(cast.programme, day=day) for day in days)
    _several_actions(cast, before, meeting, count)
    if ended:
        room.meeting_start(meeting=meeting, by=cast.msm)
        room.meeting_end(meeting=fresh(meeting), by=cast.msm)
    return meeting


@pytest.mark.parametrize("ended", [False, True])
def test_the_room_costs_the_same_for_2_and_12_actions(client, cast, ended):
    client.force_login(cast.msm)
    few_actions = _room_with_actions(cast, (date(2026, 11, 9), date(2026, 11, 10)), 2,
                                     ended=ended)
    many_actions = _room_with_actions(cast, (date(2026, 11, 16), date(2026, 11, 17)), 12,
                                      ended=ended)
    for meeting in (few_actions, many_actions):
        client.get(url(meeting))  # attendance is recorded on the first visit
    with CaptureQueriesContext(connection) as few:
        client.get(url(few_actions))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url(many_actions)).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count("Today ") >= 12


def test_the_minutes_cost_the_same_for_2_and_12_actions(cast, monday, tuesday):
    room.meeting_start(meeting=tuesday, by=cast.msm)
    _several_actions(cast, monday, tuesday, 2)
    with CaptureQueriesContext(connection) as few:
        minutes_render(fresh(tuesday))
    _several_actions(cast, monday, tuesday, 10)
    with CaptureQueriesContext(connection) as many:
        minutes = minutes_render(fresh(tuesday))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert minutes.text.count("Today ") == 12 and minutes.text.count(": still open") == 6


def test_the_ended_rooms_minutes_show_the_review_and_skipped_items(client, cast, monday,
                                                                   tuesday, earlier):
    room.meeting_start(meeting=tuesday, by=cast.msm)
    actions.action_review(meeting=tuesday, action=earlier, outcome="open", by=cast.msm)
    room.meeting_skip(meeting=fresh(tuesday), by=cast.msm)
    room.meeting_end(meeting=fresh(tuesday), by=cast.msm)
    client.force_login(cast.scrum_master)
    html = client.get(url(tuesday)).content.decode()
    assert "<h3>Open actions reviewed</h3>" in html
    assert "Book the SIT slots — Sam SM (from 23 Nov 2026): still open" in html
    assert 'class="skipped"' in html and 'class="not-reached"' in html
    assert 'id="open-actions"' not in html  # the review is over; the minutes keep it
