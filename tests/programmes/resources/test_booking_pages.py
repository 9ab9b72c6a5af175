"""Requesting a booking, coordinating conflicts, and confirming or declining on the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import Booking
from programmes.resources import services as bookings
from tests.programmes.resources import ask, make_env, soon


def url(cast, name, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"slug": cast.programme.slug, **kwargs})


def local(value, tz="UTC"):
    import zoneinfo

    return timezone.localtime(value, zoneinfo.ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def test_a_scrum_master_requests_a_booking_in_their_own_time_zone(client, cast):
    env = make_env(cast)
    cast.scrum_master.timezone = "America/New_York"
    cast.scrum_master.save()
    start = soon(48)
    client.force_login(cast.scrum_master)
    response = client.post(url(cast, "booking_new"), {
        "resource": env.pk, "team": cast.team.pk, "purpose": "load test",
        "starts_at": local(start, "America/New_York"),
        "ends_at": local(start + timedelta(hours=3), "America/New_York")})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.starts_at, booking.ends_at) == (start, start + timedelta(hours=3))
    assert (booking.team, booking.status) == (cast.team, "requested")


def test_the_form_offers_only_the_scrum_masters_own_team(client, cast):
    make_env(cast)
    client.force_login(cast.scrum_master)
    page = client.get(url(cast, "booking_new")).content.decode()
    assert "Ledger" in page and "Card Gateway" not in page


def test_booking_for_another_team_is_refused_next_to_the_field(client, cast):
    env = make_env(cast)
    client.force_login(cast.scrum_master)
    response = client.post(url(cast, "booking_new"), {
        "resource": env.pk, "team": cast.other_team.pk,
        "starts_at": local(soon()), "ends_at": local(soon(26))})
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_an_end_before_the_start_keeps_what_was_typed(client, cast):
    env = make_env(cast)
    client.force_login(cast.scrum_master)
    start = local(soon(30))
    response = client.post(url(cast, "booking_new"), {
        "resource": env.pk, "team": cast.team.pk, "purpose": "smoke tests",
        "starts_at": start, "ends_at": local(soon(29))})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The booking must end after it starts." in page
    assert f'value="{start}"' in page and "smoke tests" in page


def test_a_test_environment_needs_both_times(client, cast):
    env = make_env(cast)
    client.force_login(cast.scrum_master)
    response = client.post(url(cast, "booking_new"), {"resource": env.pk, "team": cast.team.pk})
    assert response.status_code == 400
    assert "Needed for a test environment." in response.content.decode()


def test_garbage_times_are_a_400_not_a_crash(client, cast):
    env = make_env(cast)
    client.force_login(cast.msm)
    for bad in ("9999-12-31T23:59", "0000-00-00", "2026-13-01T25:61", "yesterday"):
        response = client.post(url(cast, "booking_new"), {
            "resource": env.pk, "team": cast.team.pk, "starts_at": bad, "ends_at": bad})
        assert response.status_code == 400, bad


@pytest.mark.parametrize("role", ["member", "stakeholder"])
def test_members_and_stakeholders_may_not_request(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(url(cast, "booking_new")).status_code == 403


def test_an_outsider_cannot_request(client, cast):
    client.force_login(cast.outsider)
    assert client.get(url(cast, "booking_new")).status_code == 404


def test_the_conflicts_page_groups_overlapping_requests(client, cast):
    env = make_env(cast)
    ask(env, cast.team, cast.scrum_master)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    ask(env, cast.team, cast.scrum_master, starts_in=72)  # clashes with nothing
    client.force_login(cast.msm)
    response = client.get(url(cast, "booking_conflicts"))
    conflicts, lone = response.context["conflicts"], response.context["lone"]
    assert len(conflicts) == 1 and conflicts[0].teams == ["Card Gateway", "Ledger"]
    assert len(lone) == 1
    assert response.content.decode().count(">Confirm</button>") == 3


def test_a_scrum_master_sees_the_conflicts_without_the_buttons(client, cast):
    env = make_env(cast)
    ask(env, cast.team, cast.scrum_master)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    client.force_login(cast.scrum_master)
    page = client.get(url(cast, "booking_conflicts")).content.decode()
    assert "Card Gateway" in page and ">Confirm</button>" not in page


def test_the_msm_confirms_with_a_plain_post(client, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.msm)
    response = client.post(url(cast, "booking_confirm", booking_id=booking.pk), follow=True)
    assert "Confirmed Staging for Ledger." in response.content.decode()
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_the_msm_confirms_with_htmx_and_gets_the_fragment(client, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.msm)
    response = client.post(url(cast, "booking_confirm", booking_id=booking.pk),
                           headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="coordination"' in page and "Confirmed Staging for Ledger." in page


def _confirmed_and_clashing(cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    second = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=first, by=cast.msm)
    return second


def test_a_refused_confirmation_shows_a_clear_message_not_a_500(client, cast):
    second = _confirmed_and_clashing(cast)
    client.force_login(cast.msm)
    response = client.post(url(cast, "booking_confirm", booking_id=second.pk))
    assert response.status_code == 409
    assert "Staging is already booked by Ledger" in response.content.decode()
    assert Booking.objects.get(pk=second.pk).status == "requested"


def test_a_refused_htmx_confirmation_shows_the_message_in_the_fragment(client, cast):
    second = _confirmed_and_clashing(cast)
    client.force_login(cast.msm)
    response = client.post(url(cast, "booking_confirm", booking_id=second.pk),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["X-Booking-Refused"] == "409"
    assert "Staging is already booked by Ledger" in response.content.decode()


def test_the_msm_declines_the_loser(client, cast):
    second = _confirmed_and_clashing(cast)
    client.force_login(cast.msm)
    client.post(url(cast, "booking_decline", booking_id=second.pk))
    assert Booking.objects.get(pk=second.pk).status == "declined"


@pytest.mark.parametrize("name", ["booking_confirm", "booking_decline"])
def test_a_member_cannot_decide(client, cast, name):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.member)
    assert client.post(url(cast, name, booking_id=booking.pk)).status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == "requested"


@pytest.mark.parametrize("name", ["booking_confirm", "booking_decline"])
def test_a_scrum_master_cannot_decide(client, cast, name):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.scrum_master)
    assert client.post(url(cast, name, booking_id=booking.pk)).status_code == 403


def test_an_outsider_cannot_confirm(client, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.outsider)
    assert client.post(url(cast, "booking_confirm", booking_id=booking.pk)).status_code == 404
    other = reverse("programmes:booking_confirm",
                    kwargs={"slug": cast.other_programme.slug, "booking_id": booking.pk})
    assert client.post(other).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == "requested"


def test_confirming_rejects_get(client, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.msm)
    assert client.get(url(cast, "booking_confirm", booking_id=booking.pk)).status_code == 405


def test_the_requester_cancels_from_the_list(client, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.scrum_master)
    client.post(url(cast, "booking_cancel", booking_id=booking.pk))
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_another_scrum_master_cannot_cancel(client, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client.force_login(cast.other_scrum_master)
    assert client.post(url(cast, "booking_cancel", booking_id=booking.pk)).status_code == 403


def test_the_calendar_shows_bookings_per_resource_with_their_status_in_words(client, cast):
    env = make_env(cast)
    make_env(cast, name="UAT")
    confirmed = ask(env, cast.team, cast.scrum_master, starts_in=24)
    bookings.booking_confirm(booking=confirmed, by=cast.msm)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    client.force_login(cast.member)
    response = client.get(url(cast, "resource_calendar"))
    page = response.content.decode()
    rows = {row.resource.name: row for row in response.context["rows"]}
    assert set(rows) == {"Staging", "UAT"} and rows["UAT"].empty
    assert "Ledger · " in page and "<strong>Confirmed</strong>" in page
    assert "Card Gateway · " in page and "<strong>Requested</strong>" in page
    assert "Free for all 4 weeks." in page


def test_a_booking_over_several_days_shows_on_each_day(client, cast):
    env = make_env(cast)
    ask(env, cast.team, cast.scrum_master, starts_in=24, hours=72)
    client.force_login(cast.msm)
    response = client.get(url(cast, "resource_calendar"), {"weeks": "2"})
    labels = [e.label for week in response.context["rows"][0].weeks for day in week
              for e in day.entries]
    assert labels[0].startswith("from ") and labels[-1].startswith("until ")
    assert "all day" in labels


def test_the_calendar_survives_strange_parameters(client, cast):
    client.force_login(cast.msm)
    for params in ({"start": "9999-12-31"}, {"start": "garbage"}, {"weeks": "-3"},
                   {"weeks": "100000000000000000000"}):
        assert client.get(url(cast, "resource_calendar"), params).status_code == 200


def _many(cast, count):
    env = make_env(cast)
    other = make_env(cast, name="UAT")
    for n in range(count):
        team, person = ((cast.team, cast.scrum_master) if n % 2
                        else (cast.other_team, cast.other_scrum_master))
        ask(env if n % 3 else other, team, person, starts_in=24 + 5 * n, hours=8)


@pytest.mark.parametrize("count", [5, 50])
def test_the_conflicts_page_query_count_is_flat(client, cast, count,
                                                django_assert_num_queries):
    _many(cast, count)
    client.force_login(cast.msm)
    # session, user, programme, 2 access, inbox badge, bookings
    with django_assert_num_queries(8):
        assert client.get(url(cast, "booking_conflicts")).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_the_calendar_query_count_is_flat(client, cast, count, django_assert_num_queries):
    _many(cast, count)
    client.force_login(cast.msm)
    # session, user, programme, 2 access, inbox badge, resources, bookings
    with django_assert_num_queries(9):
        assert client.get(url(cast, "resource_calendar"), {"weeks": "8"}).status_code == 200
