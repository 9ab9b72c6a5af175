"""Pages of dependencies: the board and list of a programme, and each row's answer, counter
taken, delivered or dropped."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from ceremonies.dependencies import arrows, selectors
from ceremonies.dependencies import services as deps
from ceremonies.dependencies.forms import AnswerForm, CloseForm
from ceremonies.models import Dependency
from metascrum.lib.pagination import paginate
from programmes.access.decorators import with_programme
from programmes.models import TeamMembership
from programmes.permissions import Access

S = Dependency.Status


def mark_actions(access: Access, dependencies) -> None:
    """What the viewer may do on each row, from one query of their teams."""
    mine = set(TeamMembership.objects.filter(person=access.person)
               .values_list("team_id", flat=True))
    for d in dependencies:
        needing = d.needing_team_id in mine or (access.may_manage
                                                and d.programme_id == access.programme.pk)
        d.may_answer = d.providing_team_id in mine and d.status in deps.ANSWERABLE
        d.may_take = needing and d.status == S.COUNTERED
        d.may_close = d.is_open and (needing or d.providing_team_id in mine)


@with_programme()
@require_safe
def dependencies_view(request: HttpRequest, access: Access) -> HttpResponse:
    """The board (teams × coming sprints) and the list (for phones and screen readers)."""
    programme = access.programme
    today = programme.today()
    view = "list" if request.GET.get("view") == "list" else "board"
    context = {"access": access, "programme": programme, "view": view}
    if view == "list":
        context["page"] = page = paginate(request, selectors.programme_dependencies(programme),
                                          per_page=50)
        for d in page.object_list:
            d.late = d.is_late(today)
        mark_actions(access, page.object_list)
    else:
        context["board"] = board = selectors.board(programme, today)
        context["drawing"] = arrows.draw(board)
    return render(request, "ceremonies/dependencies/page.html", context)


def _dependency(access: Access, dependency_id: int) -> Dependency:
    return get_object_or_404(
        Dependency.objects.select_related("programme", "needing_team__programme",
                                          "providing_team__programme"),
        Q(programme=access.programme) | Q(providing_team__programme=access.programme),
        pk=dependency_id)


def _back(access: Access, request: HttpRequest) -> HttpResponse:
    return redirect(f"{deps.board_link(access.programme)}?view=list")


def _refused(request: HttpRequest, refused: deps.DependencyError) -> None:
    if refused.status == 403:
        raise PermissionDenied(str(refused)) from refused
    messages.error(request, str(refused))


@require_POST
@with_programme()
def dependency_answer_view(request: HttpRequest, access: Access,
                           dependency_id: int) -> HttpResponse:
    dependency = _dependency(access, dependency_id)
    if not deps.may_answer(request.user, dependency):
        raise PermissionDenied(f"Only {dependency.providing_team} answers what it is asked.")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(access, request)
    data = form.cleaned_data
    try:
        answered = deps.dependency_answer(
            dependency=dependency, by=request.user, answer=data["answer"],
            committed_date=data.get("committed_date"), reason=data.get("reason") or "")
    except deps.DependencyError as refused:
        _refused(request, refused)
    else:
        messages.success(request, f"{answered}: {answered.get_status_display().lower()}.")
    return _back(access, request)


@require_POST
@with_programme()
def dependency_take_view(request: HttpRequest, access: Access,
                         dependency_id: int) -> HttpResponse:
    try:
        taken = deps.dependency_take_counter(dependency=_dependency(access, dependency_id),
                                             by=request.user)
    except deps.DependencyError as refused:
        _refused(request, refused)
    else:
        messages.success(request, f"{taken}: accepted for {taken.committed_date:%d %b %Y}.")
    return _back(access, request)


@require_POST
@with_programme()
def dependency_close_view(request: HttpRequest, access: Access,
                          dependency_id: int) -> HttpResponse:
    dependency = _dependency(access, dependency_id)
    if not deps.may_close(request.user, dependency):
        raise PermissionDenied("Only the two teams of a dependency (or the MSM) close it.")
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose delivered or dropped.")
        return _back(access, request)
    try:
        closed = deps.dependency_close(dependency=dependency, by=request.user,
                                       status=form.cleaned_data["status"])
    except deps.DependencyError as refused:
        _refused(request, refused)
    else:
        messages.success(request, f"{closed}: {closed.get_status_display().lower()}.")
    return _back(access, request)
