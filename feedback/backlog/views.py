"""The impediment backlog page: the MSM orders it (move up/down by keyboard, or drag and
drop), writes each item's definition of done and a risk's ROAM state."""

from __future__ import annotations

from functools import cached_property

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from feedback.backlog import selectors, services
from feedback.models import FeedbackItem
from metascrum.lib.forms import TextField
from metascrum.lib.guarded_forms import permitted_form
from programmes.access.decorators import with_programme
from programmes.data_version import CACHED_PAGE_SECONDS
from programmes.permissions import Access

Item = FeedbackItem


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    position = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class RoamForm(forms.Form):
    roam = forms.ChoiceField(choices=Item.Roam.choices, error_messages={
        "required": gettext_lazy("Choose resolved, owned, accepted or mitigated."),
        "invalid_choice": gettext_lazy("Choose resolved, owned, accepted or mitigated.")})
    note = TextField(max_length=300, required=False, label=gettext_lazy("Note"))


class DoneForm(forms.Form):
    definition_of_done = TextField(
        max_length=300, required=False, label=gettext_lazy("Definition of done"),
        error_messages={"max_length": gettext_lazy("At most 300 characters, in plain text.")})


class _Backlog:
    """The items, read on first use: a page served from the cache reads none."""

    def __init__(self, programme):
        self.programme = programme

    @cached_property
    def items(self) -> list[FeedbackItem]:
        return selectors.backlog_page(self.programme)

    @cached_property
    def unplaced(self) -> int:
        return sum(1 for i in self.items if i.backlog_position is None)


@with_programme()
@require_safe
def backlog_view(request: HttpRequest, access: Access) -> HttpResponse:
    context = {"access": access, "programme": access.programme,
               "backlog": _Backlog(access.programme), "may_order": access.may_manage,
               "roam_choices": Item.Roam.choices, "cache_seconds": CACHED_PAGE_SECONDS}
    return render(request, "feedback/backlog.html", context)


def _back(access: Access, item_id: int | None = None) -> HttpResponse:
    url = reverse("feedback:backlog", kwargs={"slug": access.programme.slug})
    return redirect(f"{url}#item-{item_id}" if item_id else url)


def _item(access: Access, item_id: int) -> FeedbackItem:
    return get_object_or_404(selectors.backlog(access.programme), pk=item_id)


def _run(request: HttpRequest, step, said: str, **kwargs) -> bool:
    """Call the service; say it is done, or why not (a refusal of the role is a 403)."""
    try:
        step(by=request.user, **kwargs)
    except services.BacklogError as refused:
        if refused.status == 403:
            raise PermissionDenied(str(refused)) from refused
        messages.error(request, str(refused))
        return False
    messages.success(request, said)
    return True


@require_POST
@with_programme()
def backlog_move_view(request: HttpRequest, access: Access, item_id: int) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move it up, down, or to a position."))
        return _back(access, item_id)
    try:
        items = services.backlog_move(programme=access.programme, item_id=item_id,
                                      by=request.user,
                                      direction=form.cleaned_data.get("direction") or "",
                                      position=form.cleaned_data.get("position"))
    except services.BacklogError as refused:
        if refused.status == 403:
            raise PermissionDenied(str(refused)) from refused
        messages.error(request, str(refused))
    else:
        moved = next(i for i in items if i.pk == item_id)
        messages.success(request, _("“%(item)s” is now number %(position)s of %(count)s.") % {
            "item": moved, "position": moved.backlog_position, "count": len(items)})
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return _back(access, item_id)


@require_POST
@with_programme()
def backlog_roam_view(request: HttpRequest, access: Access, item_id: int) -> HttpResponse:
    item = _item(access, item_id)
    form = permitted_form(
        request, RoamForm, allowed=services.may_order(request.user, item.holder_programme),
        refusal=_("Only the MSM who holds this risk changes its ROAM state."))
    if form is not None:
        roam = form.cleaned_data["roam"]
        _run(request, services.roam_set, _("“%(item)s” is %(roam)s.") % {
            "item": item, "roam": Item.Roam(roam).label.lower()},
             item=item, roam=roam, note=form.cleaned_data.get("note") or "")
    return _back(access, item_id)


@require_POST
@with_programme()
def backlog_done_view(request: HttpRequest, access: Access, item_id: int) -> HttpResponse:
    item = _item(access, item_id)
    form = permitted_form(
        request, DoneForm, allowed=services.may_order(request.user, item.holder_programme),
        refusal=_("Only the MSM who holds this item sets its definition of done."))
    if form is not None:
        _run(request, services.done_when_set,
             _("Saved the definition of done of “%(item)s”.") % {"item": item},
             item=item, definition_of_done=form.cleaned_data["definition_of_done"])
    return _back(access, item_id)
