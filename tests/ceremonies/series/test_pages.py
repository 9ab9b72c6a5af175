"""The MSM's series pages: create per kind, edit with presets, pause and resume."""

from datetime import time

import pytest
from django.urls import reverse

from ceremonies.models import Kind, Meeting, MeetingSeries


def url(cast, name, **kwargs):
    return reverse(f"ceremonies:{name}", kwargs={"slug": cast.programme.slug, **kwargs})


def form(**overrides):
    data = {"kind": "scrum_of_scrums", "title": "Scrum of Scrums", "preset": "working_days",
            "weekday": "", "ordinal": "", "sprint_day": "", "custom": "",
            "start_time": "09:30", "duration_minutes": "15"}
    return {**data, **overrides}


@pytest.fixture
def sos(cast):
    return MeetingSeries.objects.create(
        programme=cast.programme, kind=Kind.SCRUM_OF_SCRUMS, title="Scrum of Scrums",
        rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", start_time=time(9, 30), duration_minutes=15)


def test_the_new_series_page_starts_from_the_defaults_of_its_kind(client, cast):
    client.force_login(cast.msm)
    html = client.get(url(cast, "series_new") + "?kind=brown_bag").content.decode()
    assert 'value="sprint" selected' in html and 'name="sprint_day" value="9"' in html
    assert 'name="duration_minutes" value="60"' in html


def test_the_msm_creates_a_scrum_of_scrums_every_working_day(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast, "series_new"), form())
    assert response.status_code == 302
    series = MeetingSeries.objects.get(programme=cast.programme)
    assert series.rrule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert series.meetings.exists()


def test_the_msm_creates_a_steering_committee_on_the_first_tuesday(client, cast):
    client.force_login(cast.msm)
    client.post(url(cast, "series_new"), form(kind="steering", title="Steering", preset="monthly",
                                              weekday="TU", ordinal="1", duration_minutes="60"))
    series = MeetingSeries.objects.get(programme=cast.programme, kind="steering")
    assert series.rrule == "FREQ=MONTHLY;BYDAY=+1TU"
    assert all(m.scheduled_start.weekday() == 1 for m in series.meetings.all())


def test_the_msm_creates_a_brown_bag_on_a_sprint_day(client, cast):
    client.force_login(cast.msm)
    client.post(url(cast, "series_new"), form(kind="brown_bag", title="Brown Bag",
                                              preset="sprint", sprint_day="9",
                                              start_time="12:00", duration_minutes="60"))
    series = MeetingSeries.objects.get(programme=cast.programme, kind="brown_bag")
    assert (series.rrule, series.sprint_day) == ("", 9)


def test_a_second_series_of_a_kind_is_explained(client, cast, sos):
    client.force_login(cast.msm)
    response = client.post(url(cast, "series_new"), form(title="Another one"))
    html = response.content.decode()
    assert "already has a Scrum of Scrums series" in html and 'value="Another one"' in html
    assert MeetingSeries.objects.count() == 1


def test_a_bad_rrule_gets_a_clear_message_and_is_kept(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast, "series_new"), form(preset="custom",
                                                         custom="FREQ=HOURLY"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY." in html
    assert 'value="FREQ=HOURLY"' in html and not MeetingSeries.objects.exists()


@pytest.mark.parametrize(("preset", "field"), [("weekly", "weekday"), ("monthly", "ordinal"),
                                               ("sprint", "sprint_day"), ("custom", "custom")])
def test_a_preset_asks_for_what_it_needs(client, cast, preset, field):
    client.force_login(cast.msm)
    data = form(preset=preset, weekday="TU" if field == "ordinal" else "")
    html = client.post(url(cast, "series_new"), data).content.decode()
    assert f'id="id_{field}_error"><p>Needed for this kind of recurrence.' in html


def test_the_edit_form_shows_the_preset_of_the_stored_rule(client, cast, sos):
    sos.rrule = "FREQ=MONTHLY;BYDAY=-1FR"
    sos.save()
    client.force_login(cast.msm)
    html = client.get(url(cast, "series_edit", series_id=sos.pk)).content.decode()
    assert 'value="monthly" selected' in html and 'value="FR" selected' in html
    assert 'value="-1" selected' in html


def test_editing_reschedules_the_upcoming_meetings(client, cast, sos):
    from ceremonies.meetings.schedule import series_schedule

    series_schedule(series=sos)
    client.force_login(cast.msm)
    response = client.post(url(cast, "series_edit", series_id=sos.pk),
                           form(start_time="10:15", duration_minutes="20"), follow=True)
    assert "upcoming meetings moved" in response.content.decode()
    for meeting in Meeting.objects.filter(series=sos):
        local = meeting.scheduled_start.astimezone(cast.programme.tzinfo)
        assert local.time() == time(10, 15) and meeting.timebox_minutes == 20


def test_a_bad_edit_changes_nothing(client, cast, sos):
    client.force_login(cast.msm)
    response = client.post(url(cast, "series_edit", series_id=sos.pk),
                           form(duration_minutes="0", title="Renamed"))
    assert 'value="Renamed"' in response.content.decode()
    assert MeetingSeries.objects.get(pk=sos.pk).title == "Scrum of Scrums"


def test_pause_and_resume(client, cast, sos):
    client.force_login(cast.msm)
    client.post(url(cast, "series_pause", series_id=sos.pk))
    assert MeetingSeries.objects.get(pk=sos.pk).paused
    html = client.get(url(cast, "series_list")).content.decode()
    assert "paused" in html and ">Resume<" in html
    client.post(url(cast, "series_resume", series_id=sos.pk))
    assert not MeetingSeries.objects.get(pk=sos.pk).paused


def test_the_list_describes_each_series_and_offers_the_missing_kinds(client, cast, sos):
    client.force_login(cast.msm)
    html = client.get(url(cast, "series_list")).content.decode()
    assert "Every working day, 09:30" in html
    assert "Set up the Brown Bag" in html and "Set up the Steering Committee" in html
    assert "Set up the Scrum of Scrums" not in html


@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder"])
def test_people_who_do_not_manage_get_a_403(client, cast, sos, who):
    client.force_login(getattr(cast, who))
    assert client.get(url(cast, "series_list")).status_code == 403
    assert client.post(url(cast, "series_new"), form(kind="steering")).status_code == 403
    assert client.post(url(cast, "series_edit", series_id=sos.pk), form()).status_code == 403
    assert client.post(url(cast, "series_pause", series_id=sos.pk)).status_code == 403
    assert not MeetingSeries.objects.get(pk=sos.pk).paused
    assert MeetingSeries.objects.count() == 1


def test_an_outsider_gets_a_404(client, cast, sos):
    client.force_login(cast.outsider)
    assert client.get(url(cast, "series_list")).status_code == 404
    assert client.post(url(cast, "series_pause", series_id=sos.pk)).status_code == 404


def test_the_msm_of_the_parent_programme_manages_it_too(client, cast):
    client.force_login(cast.parent_msm)
    assert client.post(url(cast, "series_new"), form()).status_code == 302


def test_a_series_of_another_programme_is_a_404(client, cast):
    other = MeetingSeries.objects.create(
        programme=cast.other_programme, kind=Kind.STEERING, title="Elsewhere",
        rrule="FREQ=MONTHLY;BYDAY=+1TU", start_time=time(9, 30), duration_minutes=60)
    client.force_login(cast.msm)
    assert client.get(url(cast, "series_edit", series_id=other.pk)).status_code == 404
    assert client.post(url(cast, "series_pause", series_id=other.pk)).status_code == 404


def test_pause_rejects_get(client, cast, sos):
    client.force_login(cast.msm)
    assert client.get(url(cast, "series_pause", series_id=sos.pk)).status_code == 405
