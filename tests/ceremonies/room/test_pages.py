from datetime import UTC, timedelta

import pytest
from django.urls import reverse

from ceremonies.meetings import state as room
from ceremonies.models import ActionItem, Attendance, Decision, Meeting, Note
from tests.ceremonies.meetings import make_meeting


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def url(meeting, name="room", **kwargs):
    return reverse(f"ceremonies:{name}",
                   kwargs={"slug": meeting.programme.slug, "pk": meeting.pk, **kwargs})


def control(meeting, action):
    return url(meeting, "control", action=action)


def test_the_room_shows_the_agenda_to_everyone_in_the_programme(client, cast, meeting):
    client.force_login(cast.member)
    html = client.get(url(meeting)).content.decode()
    assert "Impediments and resource conflicts" in html and "Not started yet" in html
    assert ">Start<" not in html


def test_the_facilitator_sees_the_controls(client, cast, meeting):
    client.force_login(cast.msm)
    assert ">Start<" in client.get(url(meeting)).content.decode()


def test_an_outsider_gets_a_404(client, cast, meeting):
    client.force_login(cast.outsider)
    assert client.get(url(meeting)).status_code == 404
    assert client.get(url(meeting, "live")).status_code == 404


@pytest.mark.parametrize("action", list(room.CONTROLS))
@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder"])
def test_every_control_is_forbidden_to_non_facilitators(client, cast, meeting, action, who):
    client.force_login(getattr(cast, who))
    response = client.post(control(meeting, action), {"version": meeting.version})
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).state == "scheduled"


@pytest.mark.parametrize("action", list(room.CONTROLS))
def test_controls_reject_get(client, cast, meeting, action):
    client.force_login(cast.msm)
    assert client.get(control(meeting, action)).status_code == 405


def test_a_delegated_facilitator_may_drive(client, cast, meeting):
    meeting.facilitator = cast.scrum_master
    meeting.save()
    client.force_login(cast.scrum_master)
    client.post(control(meeting, "start"), {"version": meeting.version})
    assert Meeting.objects.get(pk=meeting.pk).state == "running"


def test_the_msm_starts_and_the_htmx_answer_is_the_live_fragment(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(control(meeting, "start"), {"version": meeting.version},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="live"') and "<html" not in html
    assert "data-deadline=" in html
    # The controls bar lives outside the swapped section, so it comes out of band.
    bar = html[html.index('<div id="room-controls"'):]
    assert bar.startswith('<div id="room-controls"') and 'hx-swap-oob="true"' in bar[:200]
    assert 'id="control-next"' in bar and 'aria-keyshortcuts="N"' in bar


def test_the_live_section_is_not_a_live_region(client, cast, meeting):
    client.force_login(cast.msm)
    html = client.get(meeting.get_absolute_url()).content.decode()
    live = html[html.index('<section id="live"'):]
    assert "aria-live" not in live[:live.index(">")]
    assert '<p id="room-status" class="room-status" role="status">' in html


def test_a_stale_click_is_explained_not_applied(client, cast, meeting):
    client.force_login(cast.msm)
    client.post(control(meeting, "start"), {"version": meeting.version})
    response = client.post(control(meeting, "next"), {"version": meeting.version},
                           headers={"HX-Request": "true"})
    assert "Someone else changed the meeting" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).current_item.position == 1


def test_a_refused_plain_post_says_why(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(control(meeting, "next"), follow=True)
    assert "You cannot next a meeting that is Scheduled" in response.content.decode()


def test_an_unknown_control_is_a_404(client, cast, meeting):
    client.force_login(cast.msm)
    assert client.post(control(meeting, "explode")).status_code == 404


def test_the_poll_answers_204_when_nothing_changed(client, cast, meeting):
    client.force_login(cast.member)
    response = client.get(url(meeting, "live"), {"v": meeting.version})
    assert response.status_code == 204 and response.content == b""


def test_the_poll_sends_the_new_state_when_it_changed(client, cast, meeting):
    seen = meeting.version
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.member)
    response = client.get(url(meeting, "live"), {"v": seen})
    assert response.status_code == 200
    assert "Running" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_the_poll_makes_the_same_queries_whatever_the_agenda(client, cast, extra,
                                                             django_assert_num_queries):
    meeting = make_meeting(cast.programme, extra_items=extra)
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.member)
    # session, user, programme, 2 access, meeting
    with django_assert_num_queries(6):
        assert client.get(url(meeting, "live"), {"v": meeting.version + 1}).status_code == 204
    # ... plus the agenda and who has posted for the meeting when the state changed, and the
    # Scrum of Scrums' scaled slots: stop notices, open dependencies, the backlog's top, and
    # which teams are represented
    with django_assert_num_queries(12):
        assert client.get(url(meeting, "live"), {"v": 0}).status_code == 200


def test_opening_the_running_room_records_attendance(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.scrum_master)
    client.get(url(meeting))
    client.get(url(meeting))
    assert list(Attendance.objects.values_list("person", flat=True)) == [cast.scrum_master.pk]


def test_notes_autosave_and_survive_a_reload(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    client.force_login(cast.scrum_master)
    response = client.post(url(meeting, "note"), {"item": meeting.current_item_id,
                                                  "text": "Ledger is green"},
                           headers={"HX-Request": "true"})
    assert "Saved" in response.content.decode()
    assert "Ledger is green" in client.get(url(meeting)).content.decode()
    assert Note.objects.get().author == cast.scrum_master


def test_people_not_invited_cannot_take_notes(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    meeting.refresh_from_db()
    client.force_login(cast.member)  # members are not invited to the Scrum of Scrums
    response = client.post(url(meeting, "note"), {"item": meeting.current_item_id, "text": "x"})
    assert response.status_code == 403


def test_the_facilitator_records_a_decision_and_an_action(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    client.post(url(meeting, "decision"), {"text": "Freeze the release branch"})
    due = cast.programme.today() + timedelta(days=6)
    client.post(url(meeting, "action"), {"text": "Book the test environment",
                                         "owner": cast.scrum_master.pk, "due": due})
    assert Decision.objects.get().text == "Freeze the release branch"
    action = ActionItem.objects.get()
    assert (action.owner, action.due, action.state) == (cast.scrum_master, due, "open")


def test_a_bad_action_keeps_what_was_typed(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(url(meeting, "action"), {"text": "Book it", "owner": cast.outsider.pk,
                                                    "due": "31/31/2026"})
    html = response.content.decode()
    assert response.status_code == 400 and 'value="Book it"' in html
    assert not ActionItem.objects.exists()


def test_a_scrum_master_cannot_record_decisions(client, cast, meeting):
    client.force_login(cast.scrum_master)
    assert client.post(url(meeting, "decision"), {"text": "Mine"}).status_code == 403


def test_the_msm_adds_and_retimes_agenda_items(client, cast, meeting):
    client.force_login(cast.msm)
    client.post(url(meeting, "agenda_add"), {"title": "Release readiness", "minutes": "3"})
    item = meeting.items.get(title="Release readiness")
    assert item.timebox_seconds == 180
    client.post(url(meeting, "agenda_item", item_id=item.pk, change="save"),
                {f"item{item.pk}-title": "Release go/no-go", f"item{item.pk}-minutes": "4.5"})
    item.refresh_from_db()
    assert (item.title, item.timebox_seconds) == ("Release go/no-go", 270)


def test_the_room_warns_when_items_exceed_the_timebox(client, cast, meeting):
    client.force_login(cast.msm)
    client.post(url(meeting, "agenda_add"), {"title": "Big topic", "minutes": "30"})
    assert "more than the meeting's 15 minutes" in client.get(url(meeting)).content.decode()


@pytest.mark.parametrize("minutes", ["0", "-3", "100000", "lots", ""])
def test_bad_timeboxes_are_refused_with_the_input_kept(client, cast, meeting, minutes):
    client.force_login(cast.msm)
    response = client.post(url(meeting, "agenda_add"), {"title": "Typed", "minutes": minutes})
    assert response.status_code == 400
    assert 'value="Typed"' in response.content.decode()


def test_reordering_and_removing_items(client, cast, meeting):
    first, second, _ = meeting.items.all()
    client.force_login(cast.msm)
    client.post(url(meeting, "agenda_item", item_id=second.pk, change="up"))
    assert [i.pk for i in meeting.items.order_by("position")][:2] == [second.pk, first.pk]
    client.post(url(meeting, "agenda_item", item_id=first.pk, change="remove"))
    assert not meeting.items.filter(pk=first.pk).exists()


def test_a_started_item_cannot_be_removed(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    first = meeting.items.first()
    client.force_login(cast.msm)
    response = client.post(url(meeting, "agenda_item", item_id=first.pk, change="remove"),
                           follow=True)
    assert "stays on the agenda" in response.content.decode()


def test_an_agenda_item_of_another_meeting_is_a_404(client, cast, meeting):
    other = make_meeting(cast.other_programme)
    client.force_login(cast.msm)
    response = client.post(url(meeting, "agenda_item", item_id=other.items.first().pk,
                               change="remove"))
    assert response.status_code == 404


def test_minutes_show_planned_against_actual(client, cast, meeting):
    from datetime import datetime, timedelta

    t0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    room.meeting_start(meeting=meeting, by=cast.msm, at=t0)
    room.meeting_next(meeting=meeting, by=cast.msm, at=t0 + timedelta(minutes=8))
    room.meeting_end(meeting=meeting, by=cast.msm, at=t0 + timedelta(minutes=17))
    client.force_login(cast.stakeholder)
    html = client.get(url(meeting)).content.decode()
    assert "Minutes" in html and "took 17 min" in html
    from ceremonies.meetings.minutes import minutes_render

    minutes = minutes_render(Meeting.objects.get(pk=meeting.pk))
    first = meeting.items.first()
    assert f"- {first.title}: 6 min 30 s / 8 min / 1 min 30 s over" in minutes.text
    assert "<table" in minutes.html


def test_ending_reloads_every_open_room_into_the_minutes(client, cast, meeting):
    seen = meeting.version
    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    ended = client.post(control(meeting, "end"), {"version": seen + 1},
                        headers={"HX-Request": "true"})
    assert ended["HX-Refresh"] == "true"
    client.force_login(cast.scrum_master)
    polled = client.get(url(meeting, "live"), {"v": seen + 1}, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
