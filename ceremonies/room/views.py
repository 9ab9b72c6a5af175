"""The meeting room: one page per meeting, its live fragment, and the facilitator's controls."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ceremonies.meetings import actions, agenda_edit, record
from ceremonies.meetings import state as room
from ceremonies.meetings.carryover import actions_to_review
from ceremonies.meetings.minutes import minutes_context
from ceremonies.meetings.permissions import is_invited, may_facilitate
from ceremonies.models import ActionItem, ItemKind, Kind, Meeting
from ceremonies.room import live_poll, render_cache
from ceremonies.room import steering as steering_room
from ceremonies.room.forms import (
    ActionItemForm,
    AgendaItemForm,
    ControlForm,
    DecisionForm,
    MinutesRecipientForm,
    NoteForm,
)
from ceremonies.room.live import live_state
from ceremonies.room.selectors import agenda, meeting_for_room
from programmes.access.decorators import with_programme
from programmes.middleware import activate_person
from programmes.permissions import Access
from programmes.resources.selectors import resource_conflicts


def _meeting(access: Access, pk: int) -> Meeting:
    meeting = meeting_for_room(access.programme, pk)
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting


def _facilitated(access: Access, pk: int) -> Meeting:
    meeting = _meeting(access, pk)
    if not may_facilitate(access, meeting):
        raise PermissionDenied(_("Only the meeting's facilitator runs it."))
    return meeting


def _action_form(meeting: Meeting, data=None) -> ActionItemForm:
    return ActionItemForm(data, meeting=meeting)


def _review(meeting: Meeting) -> list | None:
    """Earlier open actions to review, while the meeting can still review them."""
    if meeting.series_id is None or meeting.state in (Meeting.State.ENDED,
                                                      Meeting.State.CANCELLED):
        return None
    return actions_to_review(meeting)


def _room_context(request, access: Access, meeting: Meeting, **forms) -> dict:
    items = agenda(meeting)
    invited = is_invited(access, meeting)
    facilitate = may_facilitate(access, meeting)
    context = {
        "access": access, "programme": access.programme, "meeting": meeting,
        "live": live_state(meeting, items), "facilitate": facilitate,
        "invited": invited, "control_form": ControlForm(initial={"version": meeting.version}),
        "item_form": forms.get("item_form") or AgendaItemForm(),
        "action_form": forms.get("action_form") or _action_form(meeting),
        "review": _review(meeting),
        **minutes_context(meeting),
    }
    if facilitate and meeting.state not in (Meeting.State.ENDED, Meeting.State.CANCELLED):
        context["minutes_form"] = (forms.get("minutes_form")
                                   or MinutesRecipientForm(meeting=meeting))
        context["minutes_also_to"] = list(meeting.minutes_also_to.order_by("name"))
    if facilitate and meeting.kind != Kind.STEERING:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(meeting=meeting)
    context.update(steering_room.room_context(meeting, decision=forms.get("decision_form"),
                                              facilitate=facilitate))
    if meeting.kind == Kind.SCRUM_OF_SCRUMS:
        context["resource_conflicts"] = resource_conflicts(access.programme, meeting.occurrence)
    if invited and meeting.current_item_id:
        mine = next((n for i in context["items"] if i.pk == meeting.current_item_id
                     for n in i.notes.all() if n.author_id == request.user.pk), None)
        context["note_form"] = NoteForm(initial={"item": meeting.current_item_id,
                                                 "text": mine.text if mine else ""})
    return context


@with_programme()
@require_safe
def room_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _meeting(access, pk)
    if is_invited(access, meeting):
        record.attendance_note(meeting=meeting, person=request.user)
    return render(request, "ceremonies/room.html", _room_context(request, access, meeting))


@require_safe
def live_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The poll: 204 when the client already shows this version, else the live fragment."""
    if live_poll.still_current(request, pk):
        return HttpResponse(status=204)
    activate_person(request.user)
    return _live_checked(request, slug=slug, pk=pk)


live_view.activates_timezone_itself = True


@with_programme()
def _live_checked(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _meeting(access, pk)
    if request.GET.get("v") == str(meeting.version):
        return HttpResponse(status=204)
    kind = render_cache.kind_for(access, meeting)
    if render_cache.shared(kind):
        html = render_cache.watcher_fragment(meeting, kind)
        return _refresh_when_over(meeting, HttpResponse(html))
    context = {"access": access, "programme": access.programme, "meeting": meeting,
               "live": live_state(meeting, agenda(meeting)), "facilitate": True,
               "fragment": True, "control_form": ControlForm(initial={"version": meeting.version})}
    return _refresh_when_over(meeting, render(request, "ceremonies/room.html#live", context))


def _refresh_when_over(meeting: Meeting, response: HttpResponse) -> HttpResponse:
    """An ended meeting shows its minutes: htmx reloads the whole page once."""
    if meeting.state in (Meeting.State.ENDED, Meeting.State.CANCELLED):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@with_programme()
def control_view(request: HttpRequest, access: Access, pk: int, action: str) -> HttpResponse:
    if action not in room.CONTROLS:
        raise Http404(_("No such control."))
    meeting = _facilitated(access, pk)
    form = ControlForm(request.POST)
    error = None
    if not form.is_valid():
        error = "; ".join(e for errors in form.errors.values() for e in errors)
    else:
        extra = {"minutes": form.cleaned_data["minutes"] or 2} if action == "extend" else {}
        try:
            room.CONTROLS[action](meeting=meeting, by=request.user,
                                  version=form.cleaned_data["version"], **extra)
        except room.RoomError as refused:
            error = str(refused)
    if request.htmx:
        meeting = _meeting(access, pk)
        context = {"access": access, "programme": access.programme, "meeting": meeting,
                   "live": live_state(meeting, agenda(meeting)), "facilitate": True,
                   "control_form": ControlForm(initial={"version": meeting.version}),
                   "error": error, "fragment": True}
        return _refresh_when_over(meeting, render(request, "ceremonies/room.html#live", context))
    if error:
        messages.error(request, error)
    return redirect(meeting)


def _rerender(request, access, meeting, status=400, **forms) -> HttpResponse:
    context = _room_context(request, access, meeting, **forms)
    return render(request, "ceremonies/room.html", context, status=status)


@require_POST
@with_programme()
def agenda_add_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _facilitated(access, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            agenda_edit.agenda_add(meeting=meeting, title=form.cleaned_data["title"],
                                   timebox_seconds=form.timebox_seconds,
                                   kind=form.cleaned_data["kind"] or ItemKind.TOPIC)
        except room.RoomError as refused:
            form.add_error(None, str(refused))
    if form.errors:
        return _rerender(request, access, meeting, item_form=form)
    messages.success(request, _("Agenda item added."))
    return redirect(meeting)


@require_POST
@with_programme()
def agenda_item_view(request: HttpRequest, access: Access, pk: int, item_id: int,
                     change: str) -> HttpResponse:
    """Re-time, remove or move one agenda item."""
    meeting = _facilitated(access, pk)
    item = get_object_or_404(meeting.items, pk=item_id)
    try:
        if change == "save":
            form = AgendaItemForm(request.POST, prefix=f"item{item.pk}")
            if not form.is_valid():
                messages.error(request, _("%(item)s: %(errors)s")
                               % {"item": item, "errors": "; ".join(
                    f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())})
                return redirect(meeting)
            agenda_edit.agenda_retime(item=item, title=form.cleaned_data["title"],
                                      timebox_seconds=form.timebox_seconds,
                                      kind=form.cleaned_data["kind"] or None)
        elif change == "remove":
            agenda_edit.agenda_remove(item=item)
        elif change == "skip":
            room.agenda_skip(meeting=meeting, item=item, by=request.user)
            messages.success(request, _("“%(item)s” skipped: the minutes say so, and it comes "
                                        "back at the next meeting.") % {"item": item})
        elif change == "unskip":
            room.agenda_unskip(meeting=meeting, item=item, by=request.user)
        elif change == "drop":
            agenda_edit.agenda_drop_carried(item=item)
            messages.success(request, _("“%(item)s” dropped: it does not come back.")
                             % {"item": item})
        elif change in ("up", "down"):
            agenda_edit.agenda_move(item=item, up=change == "up")
        else:
            raise Http404(_("No such change."))
    except room.RoomError as refused:
        messages.error(request, str(refused))
    return redirect(meeting)


@require_POST
@with_programme()
def note_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _meeting(access, pk)
    if not is_invited(access, meeting):
        raise PermissionDenied(_("Only people invited to the meeting take notes in it."))
    form = NoteForm(request.POST)
    status, message = 200, _("Saved")
    if not form.is_valid():
        status, message = 400, _("Not saved: %(errors)s") % {"errors": "; ".join(
            e for errors in form.errors.values() for e in errors)}
    else:
        item = get_object_or_404(meeting.items, pk=form.cleaned_data["item"])
        try:
            record.note_save(item=item, author=request.user, text=form.cleaned_data["text"])
        except room.RoomError as refused:
            status, message = 409, str(refused)
    if request.htmx:
        return render(request, "ceremonies/room.html#note-status",
                      {"note_message": message}, status=200)
    if status != 200:
        messages.error(request, message)
    return redirect(meeting)


@require_POST
@with_programme()
def decision_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _facilitated(access, pk)
    if meeting.kind == Kind.STEERING:
        pack, _frozen = steering_room.pack_for_room(meeting)
        form = steering_room.decision_form(meeting, pack, request.POST)
    else:
        form = DecisionForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            record.decision_record(meeting=meeting, by=request.user, **form.record_kwargs())
        except room.RoomError as refused:
            form.add_error(None, str(refused))
    if form.errors:
        return _rerender(request, access, meeting, decision_form=form)
    messages.success(request, _recorded(meeting, **form.record_kwargs()))
    return redirect(meeting)


def _recorded(meeting: Meeting, *, teams, stakeholders: bool, **_rest) -> str:
    sent = [team.name for team in teams] if len(teams) <= 4 else [
        ngettext("%(n)s team", "%(n)s teams", len(teams)) % {"n": len(teams)}]
    if stakeholders:
        sent.append(_("the stakeholders of %(programme)s") % {"programme": meeting.programme})
    if not sent:
        return _("Decision recorded for the minutes only: it was sent to nobody.")
    return _("Decision recorded and sent to %(whom)s to acknowledge.") % {
        "whom": ", ".join(sent)}


@require_POST
@with_programme()
def action_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    meeting = _facilitated(access, pk)
    form = _action_form(meeting, request.POST)
    if form.is_valid():
        try:
            record.action_record(meeting=meeting, by=request.user, **form.cleaned_data)
        except room.RoomError as refused:
            form.add_error(None, str(refused))
    if form.errors:
        return _rerender(request, access, meeting, action_form=form)
    messages.success(request, _("Action item recorded."))
    return redirect(meeting)


@require_POST
@with_programme()
def action_review_view(request: HttpRequest, access: Access, pk: int,
                       action_id: int) -> HttpResponse:
    """Done, still open or dropped: what became of an earlier occurrence's open action."""
    meeting = _facilitated(access, pk)
    action = get_object_or_404(ActionItem.objects.select_related("meeting"), pk=action_id,
                               meeting__programme=access.programme)
    error = ""
    try:
        actions.action_review(meeting=meeting, action=action, by=request.user,
                              outcome=request.POST.get("outcome", ""))
    except room.RoomError as refused:
        error = str(refused)
    if request.htmx:
        context = {"programme": access.programme, "meeting": meeting, "facilitate": True,
                   "review": _review(meeting), "review_error": error}
        return render(request, "ceremonies/room.html#open-actions", context)
    if error:
        messages.error(request, error)
    return redirect(meeting.get_absolute_url() + "#open-actions")
