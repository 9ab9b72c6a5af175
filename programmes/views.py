from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from metascrum.lib.forms import apply_errors
from metascrum.lib.pagination import paginate
from programmes import selectors, services
from programmes.access import tokens as api_tokens
from programmes.access.decorators import with_programme
from programmes.forms import (
    InviteForm,
    PersonSettingsForm,
    ProgrammeForm,
    SprintGoalForm,
    TeamForm,
    TokenForm,
)
from programmes.home_panels import panels_for
from programmes.models import ApiToken, ProgrammeRole, TeamMembership
from programmes.permissions import Access
from programmes.team_panels import panels_for as team_panels_for


@login_required
@require_safe
def my_programmes(request: HttpRequest) -> HttpResponse:
    programmes = list(selectors.programmes_for_person(request.user))
    return render(request, "programmes/mine.html", {"programmes": programmes})


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Programme “%(programme)s” created. You are its MSM.")
                             % {"programme": programme})
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form, "parent": None})


@with_programme(require="may_manage")
def child_new(request: HttpRequest, access: Access) -> HttpResponse:
    parent = access.programme
    form = ProgrammeForm(request.POST or None, initial={
        "timezone": parent.timezone, "sprint_length_days": parent.sprint_length_days,
        "first_sprint_start": parent.first_sprint_start})
    if request.method == "POST" and form.is_valid():
        try:
            child = services.programme_create(by=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Child programme “%(programme)s” created.")
                             % {"programme": child})
            return redirect(child)
    return render(request, "programmes/programme_form.html",
                  {"form": form, "parent": parent, "access": access})


@with_programme()
@require_safe
def programme_home(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    context = {
        "access": access,
        "programme": programme,
        "ancestors": selectors.ancestors_seen_by(programme, request.user),
        "children": list(selectors.child_programmes(programme)),
        "teams": list(selectors.teams_with_scrum_masters(programme)),
        "sprint": selectors.current_sprint(programme),
        "people": list(selectors.programme_people(programme)),
        "panels": panels_for(programme),
    }
    return render(request, "programmes/home.html", context)


@with_programme(require="may_manage")
def programme_edit(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    # The form edits a copy: an invalid POST must not leak into the page around it.
    form = ProgrammeForm(request.POST or None, instance=copy(programme))
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_update(programme=form.instance, by=request.user,
                                                   **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect(programme)
    return render(request, "programmes/programme_edit.html",
                  {"form": form, "access": access, "programme": programme})


@with_programme(require="may_manage")
def team_new(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    form = TeamForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(programme=programme, by=request.user, **form.cleaned_data)
        messages.success(request, _("Team “%(team)s” created.") % {"team": team})
        return redirect(programme)
    return render(request, "programmes/team_form.html",
                  {"form": form, "access": access, "programme": programme})


@with_programme()
@require_safe
def team_detail(request: HttpRequest, access: Access, team_slug: str) -> HttpResponse:
    team = get_object_or_404(access.programme.teams, slug=team_slug)
    context = {"access": access, "programme": access.programme, "team": team,
               "members": list(selectors.team_members(team)),
               "panels": team_panels_for(team, access)}
    return render(request, "programmes/team.html", context)


@with_programme(require="may_manage")
def team_edit(request: HttpRequest, access: Access, team_slug: str) -> HttpResponse:
    team = get_object_or_404(access.programme.teams, slug=team_slug)
    form = TeamForm(request.POST or None, instance=copy(team), programme=access.programme)
    if request.method == "POST" and form.is_valid():
        team = services.team_update(team=form.instance, by=request.user, **form.cleaned_data)
        messages.success(request, _("Team saved."))
        return redirect(team)
    return render(request, "programmes/team_form.html",
                  {"form": form, "access": access, "programme": access.programme, "team": team})


@with_programme(require="may_manage")
def people(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    form = InviteForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            _give_role(access, form.cleaned_data)
        except services.AlreadyThere as error:
            # Giving the role again is how an MSM re-invites someone whose link expired.
            if services.invitation_resend(email=email, invited_by=access.person,
                                          programme=programme):
                messages.success(request, _("%(email)s has that role but never set a password: "
                                            "a new invitation is on its way.")
                                 % {"email": email})
                return redirect("programmes:people", slug=programme.slug)
            form.add_error(None, str(error))
        except services.ServiceError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(email)s now has that role.") % {"email": email})
            return redirect("programmes:people", slug=programme.slug)
    context = {
        "access": access, "programme": programme, "form": form,
        "roles": list(selectors.programme_people(programme)),
        "memberships": list(selectors.programme_teams_members(programme)),
    }
    return render(request, "programmes/people.html", context)


def _give_role(access: Access, data: dict) -> None:
    with transaction.atomic():
        person = services.person_invite(email=data["email"], name=data["name"],
                                        invited_by=access.person, programme=access.programme)
        if data["role"] in ProgrammeRole.Role.values:
            services.programme_add_role(programme=access.programme, person=person,
                                        role=data["role"], by=access.person)
        else:
            services.team_add_member(team=data["team"], person=person, role=data["role"],
                                     by=access.person)


@require_POST
@with_programme(require="may_manage")
def role_remove(request: HttpRequest, access: Access, role_id: int) -> HttpResponse:
    role = get_object_or_404(ProgrammeRole, pk=role_id, programme=access.programme)
    try:
        services.programme_remove_role(role=role, by=request.user)
    except services.ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Removed %(person)s as %(role)s.") % {
            "person": role.person, "role": role.get_role_display()})
    return redirect("programmes:people", slug=access.programme.slug)


@require_POST
@with_programme(require="may_manage")
def membership_remove(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        TeamMembership.objects.select_related("person", "team"),
        pk=membership_id, team__programme=access.programme,
    )
    services.team_remove_member(membership=membership, by=request.user)
    messages.success(request, _("Removed %(person)s from %(team)s.") % {
        "person": membership.person, "team": membership.team})
    return redirect("programmes:people", slug=access.programme.slug)


@with_programme()
@require_safe
def sprints(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    rows = list(programme.sprints.order_by("-number")[:26])
    return render(request, "programmes/sprints.html", {
        "access": access, "programme": programme, "sprints": rows,
        "current": selectors.current_sprint(programme)})


@with_programme(require="may_manage")
def sprint_edit(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    sprint = get_object_or_404(access.programme.sprints, number=number)
    form = SprintGoalForm(request.POST or None, instance=sprint)
    if request.method == "POST" and form.is_valid():
        services.sprint_update_goal(sprint=sprint, goal=form.cleaned_data["goal"],
                                    by=request.user)
        if request.htmx:
            return render(request, "programmes/sprints.html#sprint-row",
                          {"sprint": sprint, "access": access, "programme": access.programme})
        messages.success(request, _("Goal of %(sprint)s saved.") % {"sprint": sprint})
        return redirect("programmes:sprints", slug=access.programme.slug)
    template = "programmes/sprint_form.html"
    if request.htmx:
        template += "#sprint-goal-form"
    return render(request, template, {"form": form, "sprint": sprint, "access": access,
                                      "programme": access.programme})


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    form = PersonSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Said in the language just chosen (blank: the browser's again).
        chosen = request.user.language or translation.get_language_from_request(request)
        translation.activate(chosen)
        messages.success(request, _("Your settings are saved."))
        return redirect("settings")
    return render(request, "programmes/settings.html", {"form": form})




@with_programme(require="may_manage")
@require_safe
def audit_log(request: HttpRequest, access: Access) -> HttpResponse:
    page = paginate(request, selectors.audit_entries(access.programme), per_page=50)
    return render(request, "programmes/audit.html",
                  {"access": access, "programme": access.programme, "page": page})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, created = api_tokens.token_create(person=request.user,
                                                 name=form.cleaned_data["name"])
        form = TokenForm()
    rows = list(ApiToken.objects.filter(person=request.user))
    return render(request, "programmes/tokens.html",
                  {"form": form, "tokens": rows, "created": created})


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, person=request.user)
    api_tokens.token_revoke(token=token)
    messages.success(request, _("Token “%(name)s” revoked; it no longer works.")
                     % {"name": token.name})

    return redirect("tokens")
