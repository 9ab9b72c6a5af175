"""Whoever asked for a resource hears when the MSM confirms or declines it."""

from datetime import timedelta

from django.utils import timezone

from programmes.models import Notification
from programmes.notifications import registry
from programmes.resources import reminders
from programmes.resources import services as bookings
from tests.programmes.resources import ask, make_env


def test_the_requester_hears_that_the_booking_is_confirmed(cast):
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_confirm(booking=booking, by=cast.msm)
    [due] = reminders.booking_decided(timezone.now() + timedelta(minutes=1))
    assert due.recipient == cast.scrum_master and due.team == cast.team
    assert due.subject == "Staging confirmed for Ledger"
    assert due.link == "/p/payments/resources/calendar/"


def test_a_decline_after_a_confirmation_is_a_second_message(cast, monkeypatch):
    monkeypatch.setattr("programmes.notifications.outbox.notifications_enqueue",
                        lambda ids, **kw: 0)
    booking = ask(make_env(cast), cast.team, cast.scrum_master)
    bookings.booking_confirm(booking=booking, by=cast.msm)
    registry.reminders_record_due(now=timezone.now() + timedelta(minutes=1))
    bookings.booking_decline(booking=booking, by=cast.msm)
    registry.reminders_record_due(now=timezone.now() + timedelta(minutes=1))
    registry.reminders_record_due(now=timezone.now() + timedelta(minutes=2))
    sent = Notification.objects.filter(kind="booking_decided", recipient=cast.scrum_master)
    assert sorted(sent.values_list("occurrence", flat=True)) == ["confirmed", "declined"]


def test_nobody_hears_of_their_own_decision_or_of_old_ones(cast):
    booking = ask(make_env(cast), cast.team, cast.msm)
    bookings.booking_confirm(booking=booking, by=cast.msm)
    assert list(reminders.booking_decided(timezone.now() + timedelta(minutes=1))) == []
    other = ask(make_env(cast, name="UAT"), cast.team, cast.scrum_master)
    bookings.booking_decline(booking=other, by=cast.msm)
    assert list(reminders.booking_decided(timezone.now() + timedelta(days=2))) == []
