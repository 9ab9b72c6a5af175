"""The resources and bookings API: list, filter, request, confirm, decline, cancel and
reinstate."""

from datetime import timedelta

import pytest

from programmes.models import Booking
from programmes.resources import services as bookings
from tests.programmes.resources import ask, make_env, make_slot, soon

BASE = "/api/v1/programmes/payments"


def _payload(resource, team="ledger", starts_in=24, hours=2, **extra):
    start = soon(starts_in)
    return {"resource": resource.pk, "team": team, "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=hours)).isoformat(), **extra}


def test_it_lists_the_programmes_resources(api_as, cast):
    make_env(cast)
    make_slot(cast, name="Friday release")
    body = api_as(cast.member).get(f"{BASE}/resources").json()
    assert body["count"] == 2
    slot = next(r for r in body["items"] if r["kind"] == "release_slot")
    assert slot["window_starts_at"] is not None


def test_a_scrum_master_requests_a_booking(api_as, cast):
    env = make_env(cast)
    response = api_as(cast.scrum_master).post(f"{BASE}/bookings",
                                              _payload(env, purpose="perf run"))
    assert response.status_code == 201
    body = response.json()
    assert (body["team"], body["status"], body["purpose"]) == ("ledger", "requested", "perf run")
    assert body["requested_by"] == cast.scrum_master.email


def test_a_datetime_without_offset_is_read_as_utc(api_as, cast):
    env = make_env(cast)
    start = soon(30)
    api_as(cast.scrum_master).post(f"{BASE}/bookings", {
        "resource": env.pk, "team": "ledger",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M:%S"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")})
    assert Booking.objects.get().starts_at == start


def test_times_the_resource_cannot_take_are_a_422_with_one_message_per_field(api_as, cast):
    env = make_env(cast)
    response = api_as(cast.scrum_master).post(f"{BASE}/bookings",
                                              _payload(env, starts_in=24, hours=-2))
    assert response.status_code == 422
    assert "must end after it starts" in response.json()["errors"]["ends_at"][0]


def test_missing_fields_are_named(api_as, cast):
    response = api_as(cast.scrum_master).post(f"{BASE}/bookings", {})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"resource", "team"}


def test_an_unknown_resource_or_team_is_a_422_naming_both(api_as, cast):
    env = make_env(cast)
    response = api_as(cast.msm).post(f"{BASE}/bookings", {**_payload(env), "resource": 999999,
                                                         "team": "nobody"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"resource", "team"}


def test_a_malformed_datetime_is_a_400(api_as, cast):
    env = make_env(cast)
    response = api_as(cast.scrum_master).post(f"{BASE}/bookings",
                                              {**_payload(env), "starts_at": "tomorrow"})
    assert response.status_code == 400 and "starts_at" in response.json()["errors"]


def test_booking_for_another_team_is_a_403(api_as, cast):
    env = make_env(cast)
    response = api_as(cast.scrum_master).post(f"{BASE}/bookings",
                                              _payload(env, team="card-gateway"))
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_a_member_may_not_request(api_as, cast):
    response = api_as(cast.member).post(f"{BASE}/bookings", _payload(make_env(cast)))
    assert response.status_code == 403


def test_an_outsider_gets_a_404(api_as, cast):
    env = make_env(cast)
    client = api_as(cast.outsider)
    assert client.post(f"{BASE}/bookings", _payload(env)).status_code == 404
    assert client.get(f"{BASE}/bookings").status_code == 404
    assert client.get(f"{BASE}/resources").status_code == 404


def test_it_lists_bookings_paginated_and_filtered(api_as, cast):
    env, uat = make_env(cast), make_env(cast, name="UAT")
    first = ask(env, cast.team, cast.scrum_master)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    ask(uat, cast.team, cast.scrum_master, starts_in=48)
    bookings.booking_confirm(booking=first, by=cast.msm)
    client = api_as(cast.member)
    page = client.get(f"{BASE}/bookings", limit=2).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert client.get(f"{BASE}/bookings", resource=uat.pk).json()["count"] == 1
    assert client.get(f"{BASE}/bookings", team="card-gateway").json()["count"] == 1
    confirmed = client.get(f"{BASE}/bookings", status="confirmed").json()
    assert [b["id"] for b in confirmed["items"]] == [first.pk]


def test_an_unknown_status_filter_is_a_400(api_as, cast):
    assert api_as(cast.member).get(f"{BASE}/bookings", status="maybe").status_code == 400


def test_the_msm_confirms(api_as, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    response = api_as(cast.msm).post(f"{BASE}/bookings/{booking.pk}/confirm")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["decided_by"] == cast.msm.email


def test_a_double_booking_is_a_409_with_a_clear_message(api_as, cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    second = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    client = api_as(cast.msm)
    client.post(f"{BASE}/bookings/{first.pk}/confirm")
    response = client.post(f"{BASE}/bookings/{second.pk}/confirm")
    assert response.status_code == 409
    assert "Staging is already booked by Ledger" in response.json()["detail"]


def test_the_msm_declines(api_as, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    response = api_as(cast.msm).post(f"{BASE}/bookings/{booking.pk}/decline")
    assert response.json()["status"] == "declined"


def test_the_requester_cancels_their_request_once(api_as, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    client = api_as(cast.scrum_master)
    response = client.post(f"{BASE}/bookings/{booking.pk}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    again = client.post(f"{BASE}/bookings/{booking.pk}/cancel")
    assert again.status_code == 409 and "already cancelled" in again.json()["detail"]


@pytest.mark.parametrize(("action", "role"), [
    # Cancelling is for whoever asked, the team's Scrum Master and the MSM.
    ("cancel", "member"), ("cancel", "stakeholder"), ("cancel", "other_scrum_master"),
    # Confirming is for the MSM only.
    ("confirm", "scrum_master"), ("confirm", "member"), ("confirm", "stakeholder"),
])
def test_a_booking_is_left_alone_by_who_may_not_act_on_it(api_as, cast, action, role):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    response = api_as(getattr(cast, role)).post(f"{BASE}/bookings/{booking.pk}/{action}")
    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == "requested"


def test_a_booking_of_another_programme_is_a_404(api_as, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    response = api_as(cast.outsider).post(f"/api/v1/programmes/elsewhere/bookings/"
                                          f"{booking.pk}/confirm")
    assert response.status_code == 404


def test_a_huge_booking_id_is_a_400_not_a_crash(api_as, cast):
    response = api_as(cast.msm).post(f"{BASE}/bookings/{10**20}/confirm")
    assert response.status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_the_bookings_query_count_is_flat(api_as, cast, count, django_assert_num_queries):
    env = make_env(cast)
    for n in range(count):
        ask(env, cast.team, cast.msm, starts_in=24 + 3 * n)
    client = api_as(cast.msm)
    client.get("/api/v1/me")  # the token's first use stamps last_used_at
    # token, programme, 2 access, count, bookings
    with django_assert_num_queries(6):
        assert client.get(f"{BASE}/bookings", limit=100).status_code == 200


def test_the_requester_reinstates_a_cancelled_booking_once(api_as, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_confirm(booking=booking, by=cast.msm)
    bookings.booking_cancel(booking=booking, by=cast.scrum_master)
    path = f"{BASE}/bookings/{booking.pk}/reinstate"

    back = api_as(cast.scrum_master).post(path)
    again = api_as(cast.scrum_master).post(path)

    assert back.status_code == 200 and back.json()["status"] == "confirmed"
    assert again.status_code == 409 and "this one is confirmed" in again.json()["detail"]


def test_another_teams_scrum_master_cannot_reinstate(api_as, cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_cancel(booking=booking, by=cast.scrum_master)

    response = api_as(cast.other_scrum_master).post(f"{BASE}/bookings/{booking.pk}/reinstate")

    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
