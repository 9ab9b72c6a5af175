"""The Reminders fieldset of the series edit page: each ceremony's leads, their defaults and
their bounds."""

from datetime import time, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ceremonies.models import Kind, Meeting, MeetingSeries
from programmes.models import AuditEntry
from tests.ceremonies.meetings import make_meeting

LEADS = {"reminder_minutes", "update_call_minutes", "update_missing_minutes",
         "agenda_lead_hours", "pack_lead_days"}
RULES = {Kind.SCRUM_OF_SCRUMS: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
         Kind.BROWN_BAG: "FREQ=WEEKLY;BYDAY=TU", Kind.STEERING: "FREQ=MONTHLY;BYDAY=+1TU"}
PRESETS = {Kind.SCRUM_OF_SCRUMS: {"preset": "working_days"},
           Kind.BROWN_BAG: {"preset": "weekly", "weekday": "TU"},
           Kind.STEERING: {"preset": "monthly", "weekday": "TU", "ordinal": "1"}}


def make_series(cast, kind=Kind.SCRUM_OF_SCRUMS, **leads):
    return MeetingSeries.objects.create(
        programme=cast.programme, kind=kind, title=str(Kind(kind).label), rrule=RULES[kind],
        start_time=time(9, 30), duration_minutes=15, **leads)


def edit_url(series):
    return reverse("ceremonies:series_edit", kwargs={"slug": series.programme.slug,
                                                     "series_id": series.pk})


def form(series, **leads):
    data = {"title": series.title, "weekday": "", "ordinal": "", "sprint_day": "",
            "custom": "", "start_time": "09:30", "duration_minutes": "15",
            **PRESETS[series.kind]}
    return {**data, **leads}


def field_error(html, name):
    start = html.find(f'id="id_{name}_error">')
    return html[start:html.find("</p>", start)] if start >= 0 else ""


@pytest.mark.parametrize(("kind", "offered"), [
    (Kind.SCRUM_OF_SCRUMS, {"reminder_minutes", "update_call_minutes",
                            "update_missing_minutes"}),
    (Kind.BROWN_BAG, {"reminder_minutes", "agenda_lead_hours"}),
    (Kind.STEERING, {"reminder_minutes", "pack_lead_days"}),
])
def test_the_edit_page_offers_the_reminders_of_its_ceremony(client, cast, kind, offered):
    series = make_series(cast, kind)
    client.force_login(cast.msm)
    html = client.get(edit_url(series)).content.decode()
    assert "<legend>Reminders</legend>" in html
    assert {name for name in LEADS if f'name="{name}"' in html} == offered


def test_an_empty_lead_shows_the_site_default(client, cast, settings):
    settings.MEETING_REMINDER_MINUTES = 12
    series = make_series(cast)
    client.force_login(cast.msm)
    html = client.get(edit_url(series)).content.decode()
    assert 'name="reminder_minutes" placeholder="12"' in html
    assert "Empty: the site default, 12 minutes." in html
    assert "Empty: the site default, 60 minutes." in html  # the call for updates


def test_the_brown_bag_agenda_default_is_the_day_before_at_four(client, cast):
    series = make_series(cast, Kind.BROWN_BAG)
    client.force_login(cast.msm)
    html = client.get(edit_url(series)).content.decode()
    assert "Empty: the site default, the day before at 16:00." in html


def test_the_new_series_page_leaves_reminders_to_the_edit_page(client, cast):
    client.force_login(cast.msm)
    url = reverse("ceremonies:series_new", kwargs={"slug": cast.programme.slug})
    html = client.get(url + "?kind=scrum_of_scrums").content.decode()
    assert "Reminders" not in html and 'name="reminder_minutes"' not in html


def test_the_msm_sets_the_reminders_of_the_scrum_of_scrums(client, cast):
    series = make_series(cast)
    client.force_login(cast.msm)
    response = client.post(edit_url(series), form(series, reminder_minutes="20",
                                                  update_call_minutes="90",
                                                  update_missing_minutes="30"))
    assert response.status_code == 302
    series.refresh_from_db()
    assert (series.reminder_minutes, series.update_call_minutes,
            series.update_missing_minutes) == (20, 90, 30)
    entry = AuditEntry.objects.get(action="series.update")
    assert set(entry.changes) == {"reminder_minutes", "update_call_minutes",
                                  "update_missing_minutes"}


def test_changing_only_a_reminder_leaves_the_meetings_alone(client, cast):
    series = make_series(cast)
    today = cast.programme.today()
    monday = today + timedelta(days=7 - today.weekday())
    meeting = make_meeting(cast.programme, day=monday)
    Meeting.objects.filter(pk=meeting.pk).update(title="Drifted")  # a reschedule renames it
    client.force_login(cast.msm)
    response = client.post(edit_url(series), form(series, reminder_minutes="20"), follow=True)
    assert "0 upcoming meetings moved" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.sequence) == ("Drifted", 0)


def test_the_edit_page_shows_the_stored_leads(client, cast):
    series = make_series(cast, Kind.STEERING, reminder_minutes=45, pack_lead_days=5)
    client.force_login(cast.msm)
    html = client.get(edit_url(series)).content.decode()
    assert 'name="reminder_minutes" value="45"' in html
    assert 'name="pack_lead_days" value="5"' in html


def test_emptying_a_lead_returns_to_the_site_default(client, cast):
    series = make_series(cast, Kind.BROWN_BAG, reminder_minutes=45, agenda_lead_hours=5)
    client.force_login(cast.msm)
    client.post(edit_url(series), form(series, reminder_minutes="", agenda_lead_hours=""))
    series.refresh_from_db()
    assert (series.reminder_minutes, series.agenda_lead_hours) == (None, None)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reminder_minutes", "0", "from 1 to 1440"),
    ("reminder_minutes", "-5", "from 1 to 1440"),
    ("reminder_minutes", "1441", "from 1 to 1440"),
    ("reminder_minutes", "1.5", "a whole number of minutes"),
    ("reminder_minutes", "soon", "a whole number of minutes"),
    ("update_call_minutes", "99999999999999999999", "from 1 to 1440"),
    ("update_missing_minutes", "0", "from 1 to 1440"),
])
def test_a_lead_must_be_a_whole_number_within_bounds(client, cast, field, value, message):
    series = make_series(cast, reminder_minutes=7)
    client.force_login(cast.msm)
    response = client.post(edit_url(series), form(series, **{field: value}, title="Renamed"))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_error(html, field)
    assert f'value="{value}"' in html and 'value="Renamed"' in html
    series.refresh_from_db()
    assert (series.title, series.reminder_minutes) == ("Scrum of Scrums", 7)


def test_the_steering_pack_goes_at_most_two_weeks_before(client, cast):
    series = make_series(cast, Kind.STEERING)
    client.force_login(cast.msm)
    html = client.post(edit_url(series), form(series, pack_lead_days="15")).content.decode()
    assert "a whole number of days from 1 to 14" in field_error(html, "pack_lead_days")
    assert MeetingSeries.objects.get(pk=series.pk).pack_lead_days is None


def test_the_missing_warning_must_come_after_the_call(client, cast):
    series = make_series(cast)
    client.force_login(cast.msm)
    html = client.post(edit_url(series), form(series, update_call_minutes="30",
                                              update_missing_minutes="30")).content.decode()
    assert "fewer minutes before the meeting than the call (30)" in field_error(
        html, "update_missing_minutes")
    assert 'name="update_call_minutes" value="30"' in html
    series.refresh_from_db()
    assert (series.update_call_minutes, series.update_missing_minutes) == (None, None)


@pytest.mark.parametrize(("field", "minutes", "message"), [
    ("update_missing_minutes", "90", "than the call (60, the site default)"),
    ("update_call_minutes", "10", "than the warning (15, the site default)"),
])
def test_one_lead_is_checked_against_the_others_site_default(client, cast, field, minutes,
                                                             message):
    series = make_series(cast)
    client.force_login(cast.msm)
    html = client.post(edit_url(series), form(series, **{field: minutes})).content.decode()
    assert message in field_error(html, field)
    assert getattr(MeetingSeries.objects.get(pk=series.pk), field) is None


def test_the_agenda_goes_after_the_call_for_talks_closes(client, cast):
    series = make_series(cast, Kind.BROWN_BAG)  # at 09:30: noon the day before is 21.5 h ahead
    client.force_login(cast.msm)
    html = client.post(edit_url(series), form(series, agenda_lead_hours="22")).content.decode()
    assert ("for a Brown Bag at 09:30 the agenda can go at most 21 hours before"
            in field_error(html, "agenda_lead_hours"))
    assert client.post(edit_url(series), form(series, agenda_lead_hours="21")).status_code == 302
    assert MeetingSeries.objects.get(pk=series.pk).agenda_lead_hours == 21


def test_a_later_start_allows_a_longer_agenda_lead(client, cast):
    series = make_series(cast, Kind.BROWN_BAG)
    client.force_login(cast.msm)
    response = client.post(edit_url(series), form(series, start_time="14:00",
                                                  agenda_lead_hours="26"))
    assert response.status_code == 302
    assert MeetingSeries.objects.get(pk=series.pk).agenda_lead_hours == 26


@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder"])
def test_only_those_who_manage_set_the_reminders(client, cast, who):
    series = make_series(cast)
    client.force_login(getattr(cast, who))
    response = client.post(edit_url(series), form(series, reminder_minutes="30"))
    assert response.status_code == 403
    assert MeetingSeries.objects.get(pk=series.pk).reminder_minutes is None


def test_the_database_refuses_a_missing_warning_before_the_call(cast):
    with pytest.raises(IntegrityError):
        make_series(cast, update_call_minutes=15, update_missing_minutes=20)
