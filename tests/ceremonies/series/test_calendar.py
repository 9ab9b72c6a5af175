"""Calendars: a secret per-person feed of invited meetings, and one meeting as .ics."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from ceremonies.meetings import moves
from ceremonies.meetings.permissions import invitees
from ceremonies.models import CalendarToken, Kind
from ceremonies.series.calendar import calendar_token, calendar_token_regenerate, invited_meetings
from tests.ceremonies.meetings import make_meeting


def feed_url(person):
    return reverse("ceremonies:calendar_feed",
                   kwargs={"calendar_token": calendar_token(person=person).token})


def events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def meetings(cast):
    day = cast.programme.today() + timedelta(days=2)
    return {kind: make_meeting(cast.programme, kind=kind, day=day) for kind in Kind.values}


def uid(meeting):
    return f"meeting-{meeting.pk}@metascrum"


def test_the_feed_needs_no_sign_in_and_lists_the_scrum_masters_meetings(client, cast, meetings):
    found = events(client.get(feed_url(cast.scrum_master)))
    assert set(found) == {uid(meetings["scrum_of_scrums"]), uid(meetings["brown_bag"])}


def test_each_person_sees_exactly_the_meetings_they_are_invited_to(client, cast, meetings):
    parent_sos = make_meeting(cast.parent, day=cast.programme.today() + timedelta(days=1))
    everything = [*meetings.values(), parent_sos]
    for who in ("msm", "parent_msm", "stakeholder", "scrum_master", "member", "outsider"):
        person = getattr(cast, who)
        expected = {uid(m) for m in everything if person in invitees(m)}
        assert set(events(client.get(feed_url(person)))) == expected, who


def test_an_event_carries_its_time_in_utc_its_sequence_and_a_link(client, cast, meetings):
    meeting = meetings["steering"]
    event = events(client.get(feed_url(cast.stakeholder)))[uid(meeting)]
    assert event.decoded("DTSTART") == meeting.scheduled_start
    assert event.to_ical().decode().count("Z\r\n") >= 2  # DTSTART and DTEND in UTC
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == settings.SITE_URL + meeting.get_absolute_url()


def test_a_move_keeps_the_uid_and_raises_the_sequence(client, cast, meetings):
    meeting = meetings["scrum_of_scrums"]
    new_start = meeting.scheduled_start + timedelta(hours=2)
    moves.meeting_move(meeting=meeting, by=cast.msm, start=new_start)
    event = events(client.get(feed_url(cast.scrum_master)))[uid(meeting)]
    assert event["SEQUENCE"] == 1 and event.decoded("DTSTART") == new_start


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, cast, meetings):
    meeting = meetings["scrum_of_scrums"]
    moves.meeting_cancel(meeting=meeting, by=cast.msm)
    event = events(client.get(feed_url(cast.scrum_master)))[uid(meeting)]
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1


def test_an_unknown_token_is_a_404(client, db):
    response = client.get(reverse("ceremonies:calendar_feed",
                                  kwargs={"calendar_token": "no-such-token"}))
    assert response.status_code == 404


def test_a_regenerated_token_revokes_the_old_url(client, cast):
    old = feed_url(cast.member)
    calendar_token_regenerate(person=cast.member)
    assert client.get(old).status_code == 404
    assert client.get(feed_url(cast.member)).status_code == 200


def test_the_feed_of_a_deactivated_person_is_a_404(client, cast):
    url = feed_url(cast.member)
    cast.member.is_active = False
    cast.member.save()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_the_feed_makes_the_same_queries_whatever_the_number_of_meetings(
        client, cast, count, django_assert_num_queries):
    for n in range(count):
        make_meeting(cast.programme, day=cast.programme.today() + timedelta(days=n))
    url = feed_url(cast.msm)
    with django_assert_num_queries(4):
        assert len(events(client.get(url))) == count


def test_the_feed_skips_meetings_older_than_half_a_year(cast):
    old = make_meeting(cast.programme, day=cast.programme.today() - timedelta(days=200))
    assert old not in invited_meetings(cast.msm)


def test_the_settings_page_shows_the_url_and_regenerates_it(client, cast):
    client.force_login(cast.scrum_master)
    page = reverse("ceremonies:calendar")
    first = calendar_token(person=cast.scrum_master).token
    html = client.get(page).content.decode()
    assert f'value="{settings.SITE_URL}/calendar/{first}.ics"' in html
    response = client.post(page, follow=True)
    second = CalendarToken.objects.get(person=cast.scrum_master).token
    assert second != first and second in response.content.decode()
    assert "the old one no longer works" in response.content.decode()


def test_the_settings_page_needs_a_sign_in(client, db):
    response = client.get(reverse("ceremonies:calendar"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not CalendarToken.objects.exists()


def test_one_meeting_downloads_as_ics(client, cast, meetings):
    meeting = meetings["brown_bag"]
    client.force_login(cast.member)
    response = client.get(reverse("ceremonies:meeting_ics", kwargs={
        "slug": cast.programme.slug, "pk": meeting.pk}))
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert set(events(response)) == {uid(meeting)}


def test_the_room_links_to_the_download(client, cast, meetings):
    meeting = meetings["brown_bag"]
    client.force_login(cast.member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f"/meetings/{meeting.pk}/meeting.ics" in html


def test_an_outsider_cannot_download_a_meeting(client, cast, meetings):
    client.force_login(cast.outsider)
    response = client.get(reverse("ceremonies:meeting_ics", kwargs={
        "slug": cast.programme.slug, "pk": meetings["steering"].pk}))
    assert response.status_code == 404
