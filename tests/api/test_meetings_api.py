"""Meetings over the API: what is coming up, one meeting, and its live state."""

from datetime import timedelta

from django.utils import timezone

from ceremonies.meetings import state as room
from ceremonies.models import Kind, Meeting
from tests.ceremonies.meetings import make_meeting

BASE = "/api/v1/programmes/payments/meetings"


def _soon(cast, days=1, **options):
    return make_meeting(cast.programme, day=timezone.now().date() + timedelta(days=days),
                        **options)


def _ids(response):
    return [m["id"] for m in response.json()["items"]]


def test_it_lists_a_programmes_upcoming_meetings_soonest_first(api_as, cast):
    later = _soon(cast, days=3)
    sooner = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60,
                          day=timezone.now().date() + timedelta(days=2))
    make_meeting(cast.programme, day=timezone.now().date() - timedelta(days=5))  # over

    response = api_as(cast.member).get(BASE)

    assert response.status_code == 200
    assert _ids(response) == [sooner.pk, later.pk]
    first = response.json()["items"][0]
    assert first["kind"] == "steering" and first["state"] == "scheduled"
    assert first["url"].endswith(f"/p/payments/meetings/{sooner.pk}/")


def test_it_filters_by_kind(api_as, cast):
    sos = _soon(cast)
    make_meeting(cast.programme, kind=Kind.STEERING, minutes=60,
                 day=timezone.now().date() + timedelta(days=2))

    assert _ids(api_as(cast.msm).get(BASE, kind="scrum_of_scrums")) == [sos.pk]
    assert api_as(cast.msm).get(BASE, kind="party").status_code == 400


def test_a_running_meeting_is_upcoming_until_it_ends(api_as, cast):
    meeting = make_meeting(cast.programme, day=timezone.now().date() - timedelta(days=1))
    client = api_as(cast.msm)
    assert _ids(client.get(BASE)) == []

    room.meeting_start(meeting=meeting, by=cast.msm)
    assert _ids(client.get(BASE)) == [meeting.pk]

    room.meeting_end(meeting=meeting, by=cast.msm)
    assert _ids(client.get(BASE)) == []


def test_a_late_meeting_stays_listed_until_its_planned_end(api_as, cast):
    meeting = _soon(cast)
    client = api_as(cast.msm)
    Meeting.objects.filter(pk=meeting.pk).update(
        scheduled_start=timezone.now() - timedelta(minutes=10))
    assert _ids(client.get(BASE)) == [meeting.pk]

    Meeting.objects.filter(pk=meeting.pk).update(
        scheduled_start=timezone.now() - timedelta(minutes=20))
    assert _ids(client.get(BASE)) == []


def test_my_meetings_are_the_ones_i_am_invited_to(api_as, cast):
    sos = _soon(cast)
    steering = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60,
                            day=timezone.now().date() + timedelta(days=2))
    brown_bag = make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60,
                             day=timezone.now().date() + timedelta(days=3))

    def mine(person, **params):
        return _ids(api_as(person).get("/api/v1/meetings", **params))

    assert mine(cast.msm) == [sos.pk, steering.pk, brown_bag.pk]
    assert mine(cast.parent_msm) == [sos.pk, steering.pk, brown_bag.pk]
    assert mine(cast.scrum_master) == [sos.pk, brown_bag.pk]
    assert mine(cast.stakeholder) == [steering.pk, brown_bag.pk]
    assert mine(cast.member) == [brown_bag.pk]
    assert mine(cast.outsider) == []
    assert mine(cast.msm, kind="steering") == [steering.pk]
    assert mine(cast.msm, programme="elsewhere") == []


def test_a_child_programmes_msm_has_a_seat_at_the_parents_scrum_of_scrums(api_as, cast):
    parent_sos = make_meeting(cast.parent, day=timezone.now().date() + timedelta(days=1))

    assert _ids(api_as(cast.msm).get("/api/v1/meetings")) == [parent_sos.pk]


def test_it_reads_one_meeting_with_its_agenda(api_as, cast):
    meeting = _soon(cast, extra_items=1)

    body = api_as(cast.member).get(f"{BASE}/{meeting.pk}").json()

    assert body["id"] == meeting.pk and body["timebox_minutes"] == 15
    assert [i["title"] for i in body["agenda"]][-1] == "Extra 0"
    assert body["agenda"][-1]["timebox_seconds"] == 60


def test_an_outsider_gets_a_404_for_the_list_the_meeting_and_its_live_state(api_as, cast):
    meeting = _soon(cast)
    client = api_as(cast.outsider)

    for path in (BASE, f"{BASE}/{meeting.pk}", f"{BASE}/{meeting.pk}/live"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}


def test_a_meeting_of_another_programme_is_a_404(api_as, cast):
    meeting = make_meeting(cast.other_programme, day=timezone.now().date())

    assert api_as(cast.msm).get(f"{BASE}/{meeting.pk}").status_code == 404


def test_it_needs_a_token(api_as, cast):
    assert api_as().get("/api/v1/meetings").status_code == 401


def test_the_live_state_before_the_start(api_as, cast):
    meeting = _soon(cast, extra_items=1)

    body = api_as(cast.member).get(f"{BASE}/{meeting.pk}/live").json()

    assert body["state"] == "scheduled" and body["current"] is None
    assert body["next"]["id"] == meeting.items.order_by("position").first().pk
    assert body["meeting_remaining_seconds"] is None and body["elapsed_seconds"] == 0


def test_the_live_state_counts_down_from_server_timestamps(api_as, cast):
    meeting = _soon(cast, extra_items=2)
    started = timezone.now() - timedelta(seconds=40)
    room.meeting_start(meeting=meeting, by=cast.msm, at=started)
    items = list(meeting.items.order_by("position"))

    body = api_as(cast.scrum_master).get(f"{BASE}/{meeting.pk}/live").json()

    current = body["current"]
    assert body["state"] == "running" and body["version"] == 2
    assert current["id"] == items[0].pk
    assert current["allowed_seconds"] - 42 <= current["remaining_seconds"]
    assert current["remaining_seconds"] <= current["allowed_seconds"] - 39
    assert 15 * 60 - 42 <= body["meeting_remaining_seconds"] <= 15 * 60 - 39
    assert body["next"]["id"] == items[1].pk
    assert [i["id"] for i in body["coming"]] == [i.pk for i in items[1:4]]


def test_a_paused_meeting_shows_frozen_countdowns(api_as, cast):
    meeting = _soon(cast)
    t = timezone.now()  # one reading: two would drift apart on a busy machine
    room.meeting_start(meeting=meeting, by=cast.msm, at=t - timedelta(seconds=90))
    room.meeting_pause(meeting=meeting, by=cast.msm, at=t - timedelta(seconds=60))

    body = api_as(cast.msm).get(f"{BASE}/{meeting.pk}/live").json()

    assert body["state"] == "paused" and body["frozen_at"] is not None
    assert body["current"]["remaining_seconds"] == body["current"]["allowed_seconds"] - 30


def test_an_overrun_is_a_negative_remaining_time(api_as, cast):
    meeting = _soon(cast)
    room.meeting_start(meeting=meeting, by=cast.msm, at=timezone.now() - timedelta(hours=1))

    body = api_as(cast.msm).get(f"{BASE}/{meeting.pk}/live").json()

    assert body["meeting_remaining_seconds"] < -40 * 60
    assert body["current"]["remaining_seconds"] < 0


def test_an_ended_meeting_has_nothing_current_or_next(api_as, cast):
    meeting = _soon(cast, extra_items=1)
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_end(meeting=meeting, by=cast.msm)

    body = api_as(cast.msm).get(f"{BASE}/{meeting.pk}/live").json()

    assert body["state"] == "ended"
    assert body["current"] is None and body["next"] is None and body["coming"] == []


def test_the_live_query_count_is_flat(api_as, cast, django_assert_num_queries):
    meeting = _soon(cast, extra_items=30)
    room.meeting_start(meeting=meeting, by=cast.msm)
    client = api_as(cast.msm)
    client.get("/api/v1/me")
    # token, programme, 2 access, meeting, agenda, who has posted for the meeting, which teams
    # are present, what teams said about others (stop notices), their dependencies, the top of
    # the impediment backlog (the closing slot)
    with django_assert_num_queries(11):
        client.get(f"{BASE}/{meeting.pk}/live")
