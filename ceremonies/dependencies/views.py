"""Pages of dependencies: the board and list of a programme, and each row's answer, counter
taken, delivered or dropped."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ceremonies.dependencies import arrows, selectors
from ceremonies.dependencies import services as deps
from ceremonies.dependencies.forms import AnswerForm, CloseForm
from ceremonies.models import Dependency
from metascrum.lib.guarded_forms import permitted_form
from metascrum.lib.pagination import paginate
from programmes.access.decorators import with_programme
from programmes.data_version import CACHED_PAGE_SECONDS
from programmes.models import TeamMembership
from programmes.permissions import Access

S = Dependency.Status


def my_teams(access: Access) -> set[int]:
    return set(TeamMembership.objects.filter(person=access.person)
               .values_list("team_id", flat=True))


def mark_actions(access: Access, dependencies, mine: set[int] | None = None) -> None:
    """What the viewer may do on each row, from one query of their teams."""
    mine = my_teams(access) if mine is None else mine
    for d in dependencies:
        needing = d.needing_team_id in mine or (access.may_manage
                                                and d.programme_id == access.programme.pk)
        d.may_answer = d.providing_team_id in mine and d.status in deps.ANSWERABLE
        d.may_take = needing and d.status == S.COUNTERED
        d.may_close = d.is_open and (needing or d.providing_team_id in mine)


class _Dependencies:
    """The board or a page of the list, worked out on first use: a page served from the cache
    (kept under the programme's data version) works out neither."""

    def __init__(self, request: HttpRequest, access: Access, mine: set[int] | None):
        self.request, self.access, self.mine = request, access, mine
        self.today = access.programme.today()

    @cached_property
    def page(self):
        page = paginate(self.request, selectors.programme_dependencies(self.access.programme),
                        per_page=50)
        for d in page.object_list:
            d.late = d.is_late(self.today)
        mark_actions(self.access, page.object_list, self.mine)
        return page

    @cached_property
    def board(self):
        return selectors.board(self.access.programme, self.today)

    @cached_property
    def drawing(self):
        return arrows.draw(self.board)


@with_programme()
@require_safe
def dependencies_view(request: HttpRequest, access: Access) -> HttpResponse:
    """The board (teams × coming sprints) and the list (for phones and screen readers). The
    board shows the same to everyone; the list's actions depend on the viewer's teams."""
    programme = access.programme
    view = "list" if request.GET.get("view") == "list" else "board"
    mine = my_teams(access) if view == "list" else None
    deps_shown = _Dependencies(request, access, mine)
    context = {"access": access, "programme": programme, "view": view, "deps": deps_shown,
               "cache_seconds": CACHED_PAGE_SECONDS, "date": deps_shown.today,
               "query": request.GET.urlencode(),
               "viewer": (access.may_manage, sorted(mine)) if mine is not None else ""}
    return render(request, "ceremonies/dependencies/page.html", context)


def _dependency(access: Access, dependency_id: int) -> Dependency:
    return get_object_or_404(
        Dependency.objects.select_related("programme", "needing_team__programme",
                                          "providing_team__programme"),
        Q(programme=access.programme) | Q(providing_team__programme=access.programme),
        pk=dependency_id)


def _back(access: Access) -> HttpResponse:
    return redirect(f"{deps.board_link(access.programme)}?view=list")


def _run(request: HttpRequest, access: Access, step, said, **kwargs) -> HttpResponse:
    """Take one step of a dependency's life; say what became of it, or why not."""
    try:
        done = step(by=request.user, **kwargs)
    except deps.DependencyError as refused:
        if refused.status == 403:
            raise PermissionDenied(str(refused)) from refused
        messages.error(request, str(refused))
    else:
        messages.success(request, said(done))
    return _back(access)


def _status_said(dependency: Dependency) -> str:
    return _("%(dependency)s: %(status)s.") % {
        "dependency": dependency, "status": dependency.get_status_display().lower()}


@require_POST
@with_programme()
def dependency_answer_view(request: HttpRequest, access: Access,
                           dependency_id: int) -> HttpResponse:
    dependency = _dependency(access, dependency_id)
    form = permitted_form(
        request, AnswerForm, allowed=deps.may_answer(request.user, dependency),
        refusal=_("Only %(team)s answers what it is asked.") % {
            "team": dependency.providing_team})
    if form is None:
        return _back(access)
    data = form.cleaned_data
    return _run(request, access, deps.dependency_answer, _status_said, dependency=dependency,
                answer=data["answer"], committed_date=data.get("committed_date"),
                reason=data.get("reason") or "")


@require_POST
@with_programme()
def dependency_take_view(request: HttpRequest, access: Access,
                         dependency_id: int) -> HttpResponse:
    def said(taken: Dependency) -> str:
        return _("%(dependency)s: accepted for %(date)s.") % {
            "dependency": taken, "date": date_format(taken.committed_date, "DATE_FORMAT")}

    return _run(request, access, deps.dependency_take_counter, said,
                dependency=_dependency(access, dependency_id))


@require_POST
@with_programme()
def dependency_close_view(request: HttpRequest, access: Access,
                          dependency_id: int) -> HttpResponse:
    dependency = _dependency(access, dependency_id)
    form = permitted_form(
        request, CloseForm, allowed=deps.may_close(request.user, dependency),
        refusal=_("Only the two teams of a dependency (or the MSM) close it."))
    if form is None:
        return _back(access)
    return _run(request, access, deps.dependency_close, _status_said, dependency=dependency,
                status=form.cleaned_data["status"])
