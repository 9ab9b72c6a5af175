"""Calendar feed (no sign-in: the secret is in the URL), its settings page, one-meeting .ics."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ceremonies.meetings.lists import meeting_for_room
from ceremonies.series.calendar import (
    calendar_token,
    calendar_token_regenerate,
    ical,
    invited_meetings,
    person_for_calendar,
)
from programmes.access.decorators import with_programme
from programmes.permissions import Access

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _base_url(request: HttpRequest) -> str:
    # Calendar apps fetch and open these links from elsewhere: the public address, as in emails.
    return settings.SITE_URL


@require_safe
def calendar_feed_view(request: HttpRequest, calendar_token: str) -> HttpResponse:
    person = person_for_calendar(calendar_token)
    if person is None:
        raise Http404(_("No such calendar."))
    body = ical(invited_meetings(person), base_url=_base_url(request),
                name=f"metascrum · {person}")
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, no-cache"
    return response


@with_programme()
@require_safe
def meeting_ics_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = meeting_for_room(access.programme, pk)
    if meeting is None:
        raise Http404(_("No such meeting."))
    response = HttpResponse(ical([meeting], base_url=_base_url(request), name=meeting.title),
                            content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings_view(request: HttpRequest) -> HttpResponse:
    """The person's feed URL; POST replaces it, and the old URL stops working."""
    if request.method == "POST":
        calendar_token_regenerate(person=request.user)
        messages.success(request, _("Your calendar has a new address; the old one no longer "
                                  "works. Subscribe again with the new one."))
        return redirect("ceremonies:calendar")
    token = calendar_token(person=request.user)
    url = _base_url(request) + reverse("ceremonies:calendar_feed",
                                       kwargs={"calendar_token": token.token})
    return render(request, "ceremonies/calendar.html", {"feed_url": url, "token": token})
