"""Pages of the daily update: the form, a team's history, the programme's "today" and its
dependencies, plus the one-click blocker → impediment and the dependency status moves."""

from __future__ import annotations

from copy import copy
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ceremonies.dependencies.selectors import said_about
from ceremonies.dependencies.services import team_dependencies
from ceremonies.dependencies.views import mark_actions
from ceremonies.meetings.posting import figure, posting_tree
from ceremonies.models import DailyUpdate, Meeting, UpdatePolicy
from ceremonies.updates import services as updates
from ceremonies.updates.drafts import tracker_draft
from ceremonies.updates.forms import STOP_ROWS, BlockerForm, PolicyForm, UpdateForm
from ceremonies.updates.selectors import blockers_with_items, team_history
from metascrum.lib.pagination import paginate
from programmes.access.decorators import with_programme
from programmes.data_version import CACHED_PAGE_SECONDS
from programmes.models import Team
from programmes.permissions import Access


def _team(access: Access, team_id: int) -> Team:
    return get_object_or_404(access.programme.teams.select_related("programme"), pk=team_id)


def _form_url(team: Team) -> str:
    return reverse("ceremonies:update_form",
                   kwargs={"slug": team.programme.slug, "team_id": team.pk})


def _history_url(team: Team) -> str:
    return reverse("ceremonies:update_history",
                   kwargs={"slug": team.programme.slug, "team_id": team.pk})


def _form_meeting(access: Access, form: UpdateForm) -> Meeting | None:
    """The meeting the form was loaded for, when it says so and it is this programme's."""
    pk = form.cleaned_data.get("meeting")
    return access.programme.meetings.filter(pk=pk).first() if pk else None


@require_http_methods(["GET", "HEAD", "POST"])
@with_programme()
def update_form_view(request: HttpRequest, access: Access, team_id: int) -> HttpResponse:
    """The quick form: post or edit the team's update for the next Scrum of Scrums."""
    team = _team(access, team_id)
    if not updates.may_post(access, team):
        raise PermissionDenied(_("Only %(team)s's Scrum Master posts its update.") % {"team": team})
    meeting = updates.next_sos(access.programme)
    current = updates.update_for(team, meeting) if meeting else None
    instance = copy(current) if current else DailyUpdate(team=team)
    initial = {"version": current.version if current else 0,
               "meeting": meeting.pk if meeting else None}
    if current is not None:
        for n, notice in enumerate(current.stops.select_related("team")[:STOP_ROWS], start=1):
            initial[f"stop_team_{n}"], initial[f"stop_what_{n}"] = notice.team, notice.what
    context = {"access": access, "programme": access.programme, "team": team,
               "meeting": meeting, "current": current, "status": 200,
               "policy_form": PolicyForm(initial={"members_may_post":
                                                  updates.members_may_post(team)}),
               "may_set_policy": access.may_post_update_for(team)}
    if request.method != "POST":
        if current is None and meeting is not None:
            context["draft"] = draft = tracker_draft(team, meeting=meeting)
            initial.update(draft.initial())
        form = UpdateForm(instance=instance, initial=initial, team=team)
        return _render_form(request, context, form)
    form = UpdateForm(request.POST, instance=instance, team=team)
    if form.is_valid():
        try:
            saved = updates.update_save(
                team=team, by=request.user, version=form.cleaned_data["version"] or None,
                meeting=_form_meeting(access, form), needs=form.needs, stops=form.stops,
                resolved=list(form.cleaned_data["resolved"]), **form.update_fields)
        except updates.UpdateConflict as conflict:
            return _conflict(request, context, form, conflict)
        except updates.UpdateError as refused:
            for field, errors in refused.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not refused.errors:
                form.add_error(None, str(refused))
            context["status"] = refused.status
        else:
            messages.success(request, _("%(team)s's update is saved (version %(version)s).") % {
                "team": team, "version": saved.version})
            return redirect(_form_url(team))
    else:
        context["status"] = 400
    return _render_form(request, context, form)


def _conflict(request, context, form, conflict: updates.UpdateConflict) -> HttpResponse:
    """Show their saved text next to what this person typed; saving again re-applies."""
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)
    data["meeting"] = str(conflict.current.meeting_id)
    retry = UpdateForm(data, instance=copy(conflict.current), team=context["team"])
    retry.is_valid()
    retry.add_error(None, str(conflict))
    conflict.current.blocker_items = blockers_with_items(conflict.current)
    context.update(status=409, theirs=conflict.current)
    return _render_form(request, context, retry)


def _render_form(request, context, form) -> HttpResponse:
    current = context["current"]
    if current is not None:
        current.raised = {link.line: link.item for link in
                          current.impediments.select_related("item")}
        context["blockers"] = blockers_with_items(current)
    context["form"] = form
    return render(request, "ceremonies/updates/form.html", context, status=context["status"])


@with_programme()
@require_safe
def update_history_view(request: HttpRequest, access: Access, team_id: int) -> HttpResponse:
    team = _team(access, team_id)
    page = paginate(request, team_history(team), per_page=10)
    for update in page.object_list:
        update.raised = {link.line: link.item for link in update.impediments.all()}
        update.blocker_items = blockers_with_items(update)
    dependencies = list(team_dependencies(team))
    today = access.programme.today()
    for dependency in dependencies:
        dependency.late = dependency.is_late(today)
    mark_actions(access, dependencies)
    context = {"access": access, "programme": access.programme, "team": team, "page": page,
               "may_post": updates.may_post(access, team), "dependencies": dependencies}
    return render(request, "ceremonies/updates/history.html", context)


@require_POST
@with_programme()
def blocker_impediment_view(request: HttpRequest, access: Access,
                            update_id: int) -> HttpResponse:
    """One click: a blocker line of an update becomes the team's impediment."""
    update = get_object_or_404(DailyUpdate.objects.select_related("team__programme", "meeting"),
                               pk=update_id, team__programme=access.programme)
    if not updates.may_post(access, update.team):
        raise PermissionDenied(_("Only people who post %(team)s's update raise its blockers.")
                               % {"team": update.team})
    form = BlockerForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a blocker of the update."), status=400,
                            content_type="text/plain")
    try:
        link = updates.blocker_to_impediment(update=update, line=form.cleaned_data["line"],
                                             by=request.user)
    except updates.UpdateError as refused:
        if refused.status == 403:
            raise PermissionDenied(str(refused)) from refused
        messages.error(request, str(refused))
    else:
        messages.success(request, _("“%(line)s” is now an impediment of %(team)s.") % {
            "line": link.line, "team": update.team})
    back = form.cleaned_data.get("back")
    if back == "room":
        return redirect(update.meeting)
    if back == "today":
        return redirect("ceremonies:today", slug=access.programme.slug)
    if back == "form" and updates.window_open(update.meeting):
        return redirect(_form_url(update.team))
    return redirect(_history_url(update.team))


@require_POST
@with_programme()
def update_policy_view(request: HttpRequest, access: Access, team_id: int) -> HttpResponse:
    team = _team(access, team_id)
    form = PolicyForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" means no
    try:
        updates.policy_set(team=team, by=request.user,
                           members_may_post=form.cleaned_data.get("members_may_post", False))
    except updates.UpdateError as refused:
        raise PermissionDenied(str(refused)) from refused
    messages.success(request, _("Saved who posts the update."))
    return redirect(_form_url(team))


class _Today:
    """What Today shows, worked out on first use: a page served from the cache (the template
    keeps it under the programme's data version) works out none of it."""

    def __init__(self, access: Access):
        self.access = access
        self.programme = access.programme

    @cached_property
    def _tree(self):
        return posting_tree(self.programme, raised=True)

    @cached_property
    def own(self):
        own = self._tree.own
        said = said_about([t.pk for t in own.teams], own.meeting.pk if own.meeting else None,
                          self.programme.today())
        for team in own.teams:
            team.said = said.get(team.pk)
            if team.update is not None:
                team.update.blocker_items = blockers_with_items(team.update)
        return own

    @cached_property
    def mine(self) -> list[Team]:
        return _teams_i_post_for(self.access, self.own.teams)

    @cached_property
    def below(self):
        return self._tree.below.rows

    @cached_property
    def below_figure(self):
        return figure(self._tree.below)


@with_programme()
@require_safe
def today_view(request: HttpRequest, access: Access) -> HttpResponse:
    """Every team's update for the current or next Scrum of Scrums, at a glance; a parent adds
    up the programmes below it. The same queries for 2 programmes or 20, and none of them
    while nothing changed."""
    programme = access.programme
    context = {"access": access, "programme": programme, "today": _Today(access),
               "date": programme.today(), "cache_seconds": CACHED_PAGE_SECONDS}
    return render(request, "ceremonies/updates/today.html", context)


def _teams_i_post_for(access: Access, teams: list[Team]) -> list[Team]:
    """The teams whose Scrum Master I am, or whose members I belong to and may post."""
    member_of = [t.pk for t in teams if access.member_of(t) and not access.scrum_master_of(t)]
    allowed = set(UpdatePolicy.objects.filter(team_id__in=member_of, members_may_post=True)
                  .values_list("team_id", flat=True)) if member_of else set()
    return [t for t in teams if access.scrum_master_of(t) or t.pk in allowed]
