"""Booking requests, confirmations, declines and cancellations, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from programmes.models import AuditEntry, Booking, Resource
from programmes.resources import services as bookings
from tests.programmes.resources import ask, make_env, make_slot, soon


def test_a_scrum_master_requests_a_test_environment_for_their_team(cast):
    env = make_env(cast)
    booking = ask(env, cast.team, cast.scrum_master, purpose="load test")
    assert booking.status == "requested"
    assert booking.requested_by == cast.scrum_master


def test_overlapping_requests_of_two_teams_are_both_accepted(cast):
    env = make_env(cast)
    ask(env, cast.team, cast.scrum_master)
    ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    assert Booking.objects.filter(status="requested").count() == 2


def test_a_scrum_master_cannot_book_for_another_team(cast):
    with pytest.raises(bookings.BookingError) as refused:
        ask(make_env(cast), cast.other_team, cast.scrum_master)
    assert refused.value.status == 403


def test_a_member_cannot_request(cast):
    with pytest.raises(bookings.BookingError) as refused:
        ask(make_env(cast), cast.team, cast.member)
    assert refused.value.status == 403


def test_the_msm_may_request_for_any_team(cast):
    assert ask(make_env(cast), cast.other_team, cast.msm).team == cast.other_team


@pytest.mark.parametrize(("starts_in", "hours", "field", "message"), [
    (24, -1, "ends_at", "must end after it starts"),
    (24, 0, "ends_at", "must end after it starts"),
    (-3, 2, "starts_at", "in the past"),
    (24, 24 * 15, "ends_at", "at most 14 days"),
    (24 * 400, 2, "starts_at", "a year ahead"),
])
def test_it_refuses_unreasonable_times_with_a_message_on_the_field(cast, starts_in, hours,
                                                                   field, message):
    with pytest.raises(ValidationError) as refused:
        ask(make_env(cast), cast.team, cast.scrum_master, starts_in=starts_in, hours=hours)
    assert message in " ".join(refused.value.message_dict[field])


def test_it_refuses_a_second_overlapping_request_of_the_same_team(cast):
    env = make_env(cast)
    ask(env, cast.team, cast.scrum_master)
    with pytest.raises(ValidationError, match="already asked"):
        ask(env, cast.team, cast.scrum_master, starts_in=25)


def test_an_archived_resource_takes_no_requests(cast):
    env = make_env(cast)
    bookings.resource_set_archived(resource=env, by=cast.msm, archived=True)
    with pytest.raises(ValidationError, match="archived"):
        ask(env, cast.team, cast.scrum_master)


def test_a_release_slot_request_takes_the_whole_window(cast):
    slot = make_slot(cast)
    booking = bookings.booking_request(resource=slot, team=cast.team, by=cast.scrum_master)
    assert (booking.starts_at, booking.ends_at) == (slot.window_starts_at, slot.window_ends_at)


def test_a_release_slot_needs_a_window_that_ends_after_it_starts(cast):
    with pytest.raises(ValidationError) as refused:
        bookings.resource_create(programme=cast.programme, by=cast.msm, kind="release_slot",
                                 name="Friday release", window_starts_at=soon(),
                                 window_ends_at=soon() - timedelta(hours=1))
    assert "window_ends_at" in refused.value.message_dict


def test_a_release_slot_goes_to_one_team(cast):
    slot = make_slot(cast)
    first = bookings.booking_request(resource=slot, team=cast.team, by=cast.scrum_master)
    second = bookings.booking_request(resource=slot, team=cast.other_team,
                                      by=cast.other_scrum_master)
    bookings.booking_confirm(booking=first, by=cast.msm)
    with pytest.raises(bookings.BookingError, match="already booked by Ledger"):
        bookings.booking_confirm(booking=second, by=cast.msm)


def test_the_msm_confirms_a_request_and_it_is_audited(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_confirm(booking=booking, by=cast.msm)
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == ("confirmed", cast.msm)
    entry = AuditEntry.objects.get(action="booking.confirm")
    assert entry.actor == cast.msm and "Staging for Ledger" in entry.summary


def test_it_refuses_a_second_booking_that_overlaps_with_a_clear_message(cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    second = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=first, by=cast.msm)
    with pytest.raises(bookings.BookingError) as refused:
        bookings.booking_confirm(booking=second, by=cast.msm)
    assert refused.value.status == 409
    assert "Staging is already booked by Ledger" in str(refused.value)
    assert Booking.objects.get(pk=second.pk).status == "requested"


def test_bookings_that_only_touch_do_not_clash(cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master, starts_in=24, hours=2)
    second = ask(env, cast.other_team, cast.other_scrum_master, starts_in=26, hours=2)
    bookings.booking_confirm(booking=first, by=cast.msm)
    assert bookings.booking_confirm(booking=second, by=cast.msm).status == "confirmed"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint")
def test_the_exclusion_constraint_refusal_becomes_a_clear_message(cast, monkeypatch):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    second = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=first, by=cast.msm)
    # As if the other confirmation committed between our check and our write.
    real_clash = bookings.clash_for
    calls = []

    def clash_after_the_write(booking):
        calls.append(booking)
        return None if len(calls) == 1 else real_clash(booking)

    monkeypatch.setattr(bookings, "clash_for", clash_after_the_write)
    with pytest.raises(bookings.BookingError, match="already booked by Ledger"):
        bookings.booking_confirm(booking=second, by=cast.msm)
    assert Booking.objects.filter(status="confirmed").count() == 1


def test_only_the_msm_confirms(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    for person in (cast.scrum_master, cast.member, cast.stakeholder):
        with pytest.raises(bookings.BookingError) as refused:
            bookings.booking_confirm(booking=booking, by=person)
        assert refused.value.status == 403


def test_the_msm_of_the_parent_programme_confirms_too(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    assert bookings.booking_confirm(booking=booking, by=cast.parent_msm).status == "confirmed"


def test_a_confirmed_booking_cannot_be_confirmed_again(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_confirm(booking=booking, by=cast.msm)
    with pytest.raises(bookings.BookingError, match="already confirmed"):
        bookings.booking_confirm(booking=booking, by=cast.msm)


def test_the_msm_declines_a_request_and_it_is_audited(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_decline(booking=booking, by=cast.msm)
    assert Booking.objects.get(pk=booking.pk).status == "declined"
    assert AuditEntry.objects.filter(action="booking.decline", actor=cast.msm).exists()


def test_declining_the_confirmed_booking_frees_the_resource(cast):
    env = make_env(cast)
    first = ask(env, cast.team, cast.scrum_master)
    second = ask(env, cast.other_team, cast.other_scrum_master, starts_in=25)
    bookings.booking_confirm(booking=first, by=cast.msm)
    bookings.booking_decline(booking=first, by=cast.msm)
    assert bookings.booking_confirm(booking=second, by=cast.msm).status == "confirmed"


def test_the_requester_cancels_their_request(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_cancel(booking=booking, by=cast.scrum_master)
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_another_teams_scrum_master_cannot_cancel(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    with pytest.raises(bookings.BookingError) as refused:
        bookings.booking_cancel(booking=booking, by=cast.other_scrum_master)
    assert refused.value.status == 403


def test_a_cancelled_request_cannot_be_confirmed(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_cancel(booking=booking, by=cast.scrum_master)
    with pytest.raises(bookings.BookingError, match="already cancelled"):
        bookings.booking_confirm(booking=booking, by=cast.msm)


def test_only_the_msm_manages_resources(cast):
    with pytest.raises(bookings.BookingError) as refused:
        make_env(cast, by=cast.scrum_master)
    assert refused.value.status == 403


def test_a_release_window_in_the_past_or_far_ahead_is_refused(cast):
    for start, field in ((soon(-5), "window_ends_at"), (soon(24 * 400), "window_starts_at")):
        with pytest.raises(ValidationError) as refused:
            bookings.resource_create(programme=cast.programme, by=cast.msm, kind="release_slot",
                                     name="Odd release", window_starts_at=start,
                                     window_ends_at=start + timedelta(hours=2))
        assert field in refused.value.message_dict


def test_an_old_release_slot_can_still_be_renamed(cast):
    slot = make_slot(cast)
    Resource.objects.filter(pk=slot.pk).update(window_starts_at=soon(-50),
                                               window_ends_at=soon(-48))
    slot.refresh_from_db()
    bookings.resource_update(resource=slot, by=cast.msm, name="Old release",
                             window_starts_at=slot.window_starts_at,
                             window_ends_at=slot.window_ends_at)
    assert Resource.objects.get(pk=slot.pk).name == "Old release"
