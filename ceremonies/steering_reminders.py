"""Reminder rule: the steering pack to stakeholders some days before the Steering Committee.

Loaded with `ceremonies/reminders.py` (which the registry autodiscovers): that module imports
this one at its end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from programmes.models import Person, ProgrammeRole
from programmes.reminders import Reminder, reminder_rule

from .models import Kind, Meeting

DEFAULT_DAYS_BEFORE = 3


def days_before() -> int:
    return int(getattr(settings, "STEERING_PACK_DAYS_BEFORE", DEFAULT_DAYS_BEFORE))


def stakeholders_of(programme) -> Iterable[Person]:
    """The stakeholders of the programme and of the programmes above it."""
    lineage = [*programme.ancestor_ids, programme.pk]
    return Person.objects.filter(programme_roles__programme_id__in=lineage,
                                 programme_roles__role=ProgrammeRole.Role.STAKEHOLDER,
                                 is_active=True).distinct().order_by("pk")


@reminder_rule("steering_pack", label="The steering pack before the Steering Committee")
def steering_pack(now: datetime) -> Iterable[Reminder]:
    """N days (default 3) before a Steering Committee, its stakeholders get the pack's link."""
    ahead = timedelta(days=days_before())
    meetings = (Meeting.objects.filter(kind=Kind.STEERING, state=Meeting.State.SCHEDULED,
                                       scheduled_start__gt=now,
                                       scheduled_start__lte=now + ahead)
                .select_related("programme"))
    for meeting in meetings:
        programme = meeting.programme
        local = meeting.scheduled_start.astimezone(programme.tzinfo)
        link = reverse("ceremonies:steering_pack", kwargs={"slug": programme.slug})
        for person in stakeholders_of(programme):
            yield Reminder(
                recipient=person, programme=programme, object_ref=f"meeting:{meeting.pk}",
                occurrence="steering-pack", due_at=meeting.scheduled_start - ahead,
                subject=f"Steering pack: {meeting.title} on {local:%a %d %b} ({programme})",
                text=(f"The Steering Committee of {programme} meets on {local:%A %d %B at %H:%M} "
                      f"({programme.timezone}). Its pack — where we are now, where we are "
                      "going, what is stopping us — is ready to review:"),
                link=link)
