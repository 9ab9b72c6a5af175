"""The room's "also send the minutes to": people the facilitator adds to the invitees."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceremonies.meetings.minutes import minutes_recipient_add, minutes_recipient_remove
from ceremonies.meetings.state import RoomError
from ceremonies.room.forms import MinutesRecipientForm
from ceremonies.room.views import _facilitated, _rerender
from programmes.access.decorators import with_programme
from programmes.permissions import Access


@require_POST
@with_programme()
def minutes_to_add_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _facilitated(access, pk)
    form = MinutesRecipientForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _rerender(request, access, meeting, minutes_form=form)
    try:
        minutes_recipient_add(meeting=meeting, person=form.cleaned_data["person"])
        messages.success(request, _("The minutes go to %(cleaned_data_person)s too.")
                         % {"cleaned_data_person": form.cleaned_data['person']})
    except RoomError as refused:  # ended meanwhile: the form is gone from the room
        messages.error(request, str(refused))
    return redirect(meeting.get_absolute_url() + "#minutes-to")


@require_POST
@with_programme()
def minutes_to_remove_view(request: HttpRequest, access: Access, pk: int,
                           person_id: int) -> HttpResponse:
    meeting = _facilitated(access, pk)
    person = get_object_or_404(meeting.minutes_also_to, pk=person_id)
    try:
        minutes_recipient_remove(meeting=meeting, person=person)
        messages.success(request, _("The minutes no longer go to %(person)s, unless invited.")
                         % {"person": person})
    except RoomError as refused:
        messages.error(request, str(refused))
    return redirect(meeting.get_absolute_url() + "#minutes-to")
