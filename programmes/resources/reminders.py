"""Reminder rules of resources: whoever asked for a booking hears the MSM's decision (the
contract is in programmes/notifications/registry.py; loaded by programmes/reminders.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models import Booking
from programmes.notifications import outbox
from programmes.notifications.registry import Reminder, reminder_rule

LOOKBACK = timedelta(days=1)


@reminder_rule("booking_decided",
               label=gettext_lazy("My resource booking was confirmed or declined"))
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
        confirmed = booking.status == Booking.Status.CONFIRMED
        names = {"resource": booking.resource, "team": booking.team,
                 "start": date_format(start, "DATETIME_FORMAT"),
                 "end": date_format(end, "DATETIME_FORMAT"), "zone": tz.key}
        yield Reminder(
            recipient=person, programme=programme, team=booking.team,
            object_ref=f"booking:{booking.pk}", occurrence=booking.status,
            due_at=booking.decided_at,
            subject=(_("%(resource)s confirmed for %(team)s") if confirmed
                     else _("%(resource)s declined for %(team)s")) % names,
            text=(_("The Meta Scrum Master confirmed %(team)s's booking of %(resource)s from "
                    "%(start)s to %(end)s (%(zone)s).") if confirmed
                  else _("The Meta Scrum Master declined %(team)s's booking of %(resource)s "
                         "from %(start)s to %(end)s (%(zone)s). Ask for another time, or talk "
                         "it through in the Scrum of Scrums.")) % names,
            link=reverse("programmes:resource_calendar", kwargs={"slug": programme.slug}),
        )
