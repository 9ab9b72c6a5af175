"""Reminder rules of resources: whoever asked for a booking hears the MSM's decision (the
contract is in programmes/notifications/registry.py; loaded by programmes/reminders.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from programmes.models import Booking
from programmes.notifications import outbox
from programmes.notifications.registry import Reminder, reminder_rule

LOOKBACK = timedelta(days=1)


@reminder_rule("booking_decided", label="My resource booking was confirmed or declined")
def booking_decided(now: datetime) -> Iterable[Reminder]:
    """Whoever asked for a resource hears when the MSM confirms or declines it."""
    decided = (Booking.objects.filter(decided_at__gt=now - LOOKBACK, decided_at__lte=now,
                                      status__in=[Booking.Status.CONFIRMED,
                                                  Booking.Status.DECLINED],
                                      requested_by__isnull=False)
               .exclude(decided_by=F("requested_by"))
               .select_related("resource__programme", "team", "requested_by"))
    for booking in decided:
        person, programme = booking.requested_by, booking.resource.programme
        tz = outbox.person_tzinfo(person)
        start = timezone.localtime(booking.starts_at, tz)
        end = timezone.localtime(booking.ends_at, tz)
        verdict = booking.get_status_display().lower()
        yield Reminder(
            recipient=person, programme=programme, team=booking.team,
            object_ref=f"booking:{booking.pk}", occurrence=booking.status,
            due_at=booking.decided_at,
            subject=f"{booking.resource} {verdict} for {booking.team}",
            text=(f"The Meta Scrum Master {verdict} {booking.team}'s booking of "
                  f"{booking.resource} from {start:%a %d %b %H:%M} to {end:%a %d %b %H:%M} "
                  f"({tz.key})."
                  + ("" if booking.status == Booking.Status.CONFIRMED
                     else " Ask for another time, or talk it through in the Scrum of Scrums.")),
            link=reverse("programmes:resource_calendar", kwargs={"slug": programme.slug}),
        )
