"""Reminder rule: the steering pack to stakeholders some days before the Steering Committee.

Loaded with `ceremonies/reminders.py` (which the registry autodiscovers): that module imports
this one at its end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremonies.meetings import leads
from ceremonies.models import Kind, Meeting
from programmes.models import Person, ProgrammeRole
from programmes.notifications.registry import Reminder, reminder_rule


def stakeholders_of(programme) -> Iterable[Person]:
    """The stakeholders of the programme and of the programmes above it."""
    lineage = [*programme.ancestor_ids, programme.pk]
    return Person.objects.filter(programme_roles__programme_id__in=lineage,
                                 programme_roles__role=ProgrammeRole.Role.STAKEHOLDER,
                                 is_active=True).distinct().order_by("pk")


@reminder_rule("steering_pack",
               label=gettext_lazy("The steering pack before the Steering Committee"))
def steering_pack(now: datetime) -> Iterable[Reminder]:
    """Some days before a Steering Committee (its series' lead, 3 by default), its
    stakeholders get the pack's link."""
    meetings = (Meeting.objects.filter(kind=Kind.STEERING, state=Meeting.State.SCHEDULED,
                                       scheduled_start__gt=now,
                                       scheduled_start__lte=now + leads.PACK.scan_ahead)
                .select_related("programme", "series"))
    for meeting in meetings:
        due_at = meeting.scheduled_start - leads.PACK.delta(meeting.series)
        if now < due_at:
            continue
        programme = meeting.programme
        local = meeting.scheduled_start.astimezone(programme.tzinfo)
        link = reverse("ceremonies:steering_pack", kwargs={"slug": programme.slug})
        for person in stakeholders_of(programme):
            yield Reminder(
                recipient=person, programme=programme, object_ref=f"meeting:{meeting.pk}",
                occurrence="steering-pack", due_at=due_at,
                subject=_("Steering pack: %(meeting)s on %(weekday)s %(day)s (%(programme)s)") % {
                    "meeting": meeting.title, "weekday": date_format(local, "D"),
                    "day": date_format(local, "MONTH_DAY_FORMAT"), "programme": programme},
                text=_("The Steering Committee of %(programme)s meets on %(weekday)s %(day)s at "
                       "%(time)s (%(timezone)s). Its pack — where we are now, where we are "
                       "going, what is stopping us — is ready to review:") % {
                    "programme": programme, "weekday": date_format(local, "l"),
                    "day": date_format(local, "MONTH_DAY_FORMAT"), "time": time_format(local),
                    "timezone": programme.timezone},
                link=link)
