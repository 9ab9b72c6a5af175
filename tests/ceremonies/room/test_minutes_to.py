"""The room's "also send the minutes to": the facilitator adds and removes people."""

import pytest
from django.urls import reverse

from ceremonies.meetings import state as room
from tests.ceremonies.meetings import make_meeting


@pytest.fixture
def meeting(cast):
    return make_meeting(cast.programme)


def add_url(meeting):
    return reverse("ceremonies:minutes_to_add",
                   kwargs={"slug": meeting.programme.slug, "pk": meeting.pk})


def remove_url(meeting, person):
    return reverse("ceremonies:minutes_to_remove", kwargs={
        "slug": meeting.programme.slug, "pk": meeting.pk, "person_id": person.pk})


def test_the_facilitator_adds_a_person(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(add_url(meeting), {"person": cast.member.pk})
    assert response.status_code == 302 and response.url.endswith("#minutes-to")
    assert list(meeting.minutes_also_to.all()) == [cast.member]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Distribution</h3>" in page and f"Remove <span class=\"sr-only\">{cast.member}" in page


def test_a_person_is_found_by_their_email_as_typed(client, cast, meeting):
    client.force_login(cast.msm)
    client.post(add_url(meeting), {"person__text": cast.member.email})
    assert list(meeting.minutes_also_to.all()) == [cast.member]


def test_someone_outside_the_programme_cannot_be_added(client, cast, meeting):
    client.force_login(cast.msm)
    response = client.post(add_url(meeting), {"person": cast.outsider.pk})
    assert response.status_code == 400 and not meeting.minutes_also_to.exists()


def test_the_facilitator_removes_a_person(client, cast, meeting):
    meeting.minutes_also_to.add(cast.member)
    client.force_login(cast.msm)
    response = client.post(remove_url(meeting, cast.member))
    assert response.status_code == 302 and not meeting.minutes_also_to.exists()


def test_it_is_refused_once_the_meeting_ended(client, cast, meeting):
    room.meeting_start(meeting=meeting, by=cast.msm)
    room.meeting_end(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    response = client.post(add_url(meeting), {"person": cast.member.pk}, follow=True)
    page = response.content.decode()
    assert "its minutes have gone to the people they go to" in page
    assert not meeting.minutes_also_to.exists() and "Distribution</h3>" not in page


def test_a_member_neither_sees_nor_uses_it(client, cast, meeting):
    client.force_login(cast.member)
    assert "Distribution</h3>" not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.post(add_url(meeting), {"person": cast.member.pk}).status_code == 403
    meeting.minutes_also_to.add(cast.scrum_master)
    assert client.post(remove_url(meeting, cast.scrum_master)).status_code == 403
    assert list(meeting.minutes_also_to.all()) == [cast.scrum_master]


def test_an_outsider_gets_a_404(client, cast, meeting):
    client.force_login(cast.outsider)
    assert client.post(add_url(meeting), {"person": cast.member.pk}).status_code == 404


def test_it_rejects_get(client, cast, meeting):
    client.force_login(cast.msm)
    assert client.get(add_url(meeting)).status_code == 405
    assert client.get(remove_url(meeting, cast.member)).status_code == 405


def test_removing_someone_not_added_is_a_404(client, cast, meeting):
    client.force_login(cast.msm)
    assert client.post(remove_url(meeting, cast.member)).status_code == 404
