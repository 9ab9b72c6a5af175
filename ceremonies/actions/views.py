"""Marking an action item done, and undoing it, from the inbox or the team's page (htmx swaps
the one row; a plain form post comes back to the page it was sent from)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ceremonies.meetings import actions
from ceremonies.meetings.permissions import may_close_action
from ceremonies.models import ActionItem
from programmes.access.decorators import with_programme
from programmes.permissions import Access


def _action(access: Access, action_id: int) -> ActionItem:
    action = (ActionItem.objects.filter(pk=action_id, meeting__programme=access.programme)
              .select_related("meeting__programme", "owner").first())
    if action is None:
        raise Http404(_("No such action item."))
    if not may_close_action(access, action):
        raise PermissionDenied(_("Only its owner or the Meta Scrum Master marks an action "
                               "item done."))
    return action


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("feedback:inbox")


def _change(request: HttpRequest, access: Access, action_id: int, service: Callable,
            done) -> HttpResponse:
    action = service(action=_action(access, action_id), by=request.user)
    if request.htmx:
        action.overdue = action.is_overdue(action.meeting.programme.today())
        context = {"a": action, "may_close": True, "next": _back(request),
                   "show_owner": request.POST.get("show_owner") == "1"}
        return render(request, "ceremonies/actions/_action.html", context)
    messages.success(request, done % {"action": action})
    return redirect(_back(request))


@require_POST
@with_programme()
def action_done_view(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    return _change(request, access, action_id, actions.action_complete,
                   _("“%(action)s” marked done."))


@require_POST
@with_programme()
def action_reopen_view(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    return _change(request, access, action_id, actions.action_reopen,
                   _("“%(action)s” is open again."))
