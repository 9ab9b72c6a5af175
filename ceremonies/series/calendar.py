"""iCalendar: a secret per-person feed of the meetings they are invited to, and one meeting.

UIDs never change, SEQUENCE is the meeting's, and a cancelled meeting stays in the feed with
STATUS:CANCELLED, so calendar apps follow moves and cancellations.
"""

from __future__ import annotations

import secrets
from datetime import UTC, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ceremonies.models import CalendarToken, Kind, Meeting
from programmes.models import Person, ProgrammeRole, TeamMembership

PAST = timedelta(days=180)  # the feed keeps half a year of history


def calendar_token(*, person: Person) -> CalendarToken:
    """The person's token, created the first time they ask for it."""
    token = CalendarToken.objects.filter(person=person).first()
    if token is not None:
        return token
    try:
        with transaction.atomic():
            return CalendarToken.objects.create(person=person, token=secrets.token_urlsafe(32))
    except IntegrityError:  # created by a parallel request
        return CalendarToken.objects.get(person=person)


@transaction.atomic
def calendar_token_regenerate(*, person: Person) -> CalendarToken:
    """A new secret; the old URL stops working at once."""
    token = calendar_token(person=person)
    token = CalendarToken.objects.select_for_update().get(pk=token.pk)
    token.token, token.created_at = secrets.token_urlsafe(32), now()
    token.save(update_fields=["token", "created_at"])
    return token


def person_for_calendar(raw: str) -> Person | None:
    token = (CalendarToken.objects.select_related("person")
             .filter(token=raw, person__is_active=True).first())
    return token.person if token else None


def _subtree(programme) -> Q:
    if not programme.path:  # never matches everything
        return Q(programme_id=programme.pk)
    return Q(programme__path__startswith=programme.path)


def invited_meetings(person: Person, *, since=None):
    """Every meeting `person` is among the invitees of (ceremonies.meetings.permissions.invitees),
    or facilitates; three queries whatever the number of programmes."""
    roles = list(ProgrammeRole.objects.filter(person=person).select_related("programme"))
    teams = list(TeamMembership.objects.filter(person=person)
                 .values_list("team__programme_id", "role"))
    who = Q(facilitator=person)
    for role in roles:
        programme = role.programme
        if role.role == ProgrammeRole.Role.MSM:
            who |= _subtree(programme)
            if programme.parent_id:
                who |= Q(programme_id=programme.parent_id, kind=Kind.SCRUM_OF_SCRUMS)
        else:
            who |= _subtree(programme) & Q(kind__in=[Kind.STEERING, Kind.BROWN_BAG])
    for programme_id, team_role in teams:
        who |= Q(programme_id=programme_id, kind=Kind.BROWN_BAG)
        if team_role == TeamMembership.Role.SCRUM_MASTER:
            who |= Q(programme_id=programme_id, kind=Kind.SCRUM_OF_SCRUMS)
    since = since or now() - PAST
    return (Meeting.objects.filter(who, scheduled_start__gte=since)
            .select_related("programme").order_by("scheduled_start"))


def _event(meeting: Meeting, base_url: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@metascrum")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.scheduled_start.astimezone(UTC))
    event.add("dtend", meeting.scheduled_end.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{meeting.title} · {meeting.programme}")
    event.add("status", "CANCELLED" if meeting.state == Meeting.State.CANCELLED
              else "CONFIRMED")
    url = base_url + meeting.get_absolute_url()
    event.add("url", url)
    event.add("description", _("%(kind)s of %(programme)s, timeboxed to %(minutes)s minutes.") % {
        "kind": meeting.get_kind_display(), "programme": meeting.programme,
        "minutes": meeting.timebox_minutes} + f"\n{url}")
    return event


def ical(meetings, *, base_url: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//metascrum//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")  # how often subscribed apps should look again
    stamp = now().astimezone(UTC)
    for meeting in meetings:
        calendar.add_component(_event(meeting, base_url, stamp))
    return calendar.to_ical()
