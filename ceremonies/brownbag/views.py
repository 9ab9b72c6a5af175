"""Pages of the Brown Bag (talks, votes, agenda builder) and the solved-first register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ceremonies.brownbag import register
from ceremonies.brownbag import services as brownbag
from ceremonies.brownbag.forms import (
    AgendaPlanForm,
    QuestionForm,
    RegisterEntryForm,
    ReuseForm,
    SearchForm,
    TalkForm,
    VoteForm,
)
from ceremonies.models import Meeting, RegisterEntry, Talk
from metascrum.lib.forms import apply_errors
from programmes.access.decorators import with_programme
from programmes.permissions import Access


def _submit(form, service, **arguments) -> tuple[object, int | None]:
    """Call `service(**arguments, **form.cleaned_data)` for a valid form; a refusal or a model
    error lands on the form. Returns (what the service returned, None), or (None, the status
    to answer with)."""
    if not form.is_valid():
        return None, 400
    try:
        return service(**arguments, **form.cleaned_data), None
    except brownbag.BrownBagError as refused:
        form.add_error(None, str(refused))
        return None, refused.status
    except ValidationError as error:
        apply_errors(form, error)
        return None, 400


# --- the Brown Bag tab ------------------------------------------------------------------------


def _call_page(request: HttpRequest, access: Access, call: brownbag.TalkCall) -> HttpResponse:
    programme = access.programme
    now = timezone.now()
    context = {
        "access": access, "programme": programme, "tab": "brownbag", "call": call,
        "state": call.state(now), "is_current": call.sprint.contains(programme.today()),
        "talks": list(brownbag.talks_for(call.sprint, request.user)),
        "next_url": request.get_full_path(),
        "may_build": access.may_manage and call.meeting is not None
        and call.meeting.state == Meeting.State.SCHEDULED,
    }
    return render(request, "ceremonies/brownbag/call.html", context)


@with_programme()
@require_safe
def call_current(request: HttpRequest, access: Access) -> HttpResponse:
    return _call_page(request, access, brownbag.current_call(access.programme))


@with_programme()
@require_safe
def call_of_sprint(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    sprint = get_object_or_404(access.programme.sprints, number=number)
    return _call_page(request, access, brownbag.call_for(sprint, access.programme))


@with_programme()
def talk_new(request: HttpRequest, access: Access) -> HttpResponse:
    call = brownbag.current_call(access.programme)
    form = TalkForm(request.POST or None, access=access)
    status = 200
    if request.method == "POST":
        talk, status = _submit(form, brownbag.talk_propose,
                               programme=access.programme, by=request.user)
        if status is None:
            messages.success(request, _("Talk “%(talk)s” proposed for %(sprint)s.")
                             % {"talk": talk, "sprint": call.sprint})
            return redirect("ceremonies:brownbag", slug=access.programme.slug)
    return _talk_form_page(request, access, form, status)


def _talk_form_page(request, access: Access, form, status: int, talk: Talk | None = None):
    call = brownbag.call_for(talk.sprint, access.programme) if talk else \
        brownbag.current_call(access.programme)
    return render(request, "ceremonies/brownbag/talk_form.html",
                  {"access": access, "programme": access.programme, "tab": "brownbag",
                   "form": form, "call": call, "state": call.state(), "talk": talk},
                  status=status)


@with_programme()
def talk_edit(request: HttpRequest, access: Access, talk_id: int) -> HttpResponse:
    talk = _talk(access, talk_id, request.user)
    if not brownbag.may_change_talk(access, talk):
        raise PermissionDenied(_("Only whoever proposed the talk, or the MSM, changes it."))
    form = TalkForm(request.POST or None, access=access,
                    initial=model_to_dict(talk, fields=brownbag.TALK_FIELDS))
    status = 200
    if request.method == "POST":
        _saved, status = _submit(form, brownbag.talk_edit, talk=talk, by=request.user)
        if status is None:
            messages.success(request, _("Talk “%(talk)s” changed.") % {"talk": talk})
            return redirect(talk)
    return _talk_form_page(request, access, form, status, talk=talk)


@require_POST
@with_programme()
def talk_withdraw(request: HttpRequest, access: Access, talk_id: int) -> HttpResponse:
    talk = _talk(access, talk_id, request.user)
    if not brownbag.may_change_talk(access, talk):
        raise PermissionDenied(_("Only whoever proposed the talk, or the MSM, withdraws it."))
    try:
        brownbag.talk_withdraw(talk=talk, by=request.user)
    except brownbag.BrownBagError as refused:
        messages.error(request, str(refused))
        return redirect(talk)
    messages.success(request, _("Talk “%(talk)s” withdrawn.") % {"talk": talk})
    return redirect("ceremonies:brownbag_sprint", slug=access.programme.slug,
                    number=talk.sprint.number)


def _talk(access: Access, talk_id: int, person) -> Talk:
    talk = brownbag.talk_with_votes(access.programme, talk_id, person)
    if talk is None:
        raise Http404(_("No such talk."))
    return talk


def _talk_page(request, access: Access, talk: Talk, question_form=None, status=200):
    call = brownbag.call_for(talk.sprint, access.programme)
    context = {
        "access": access, "programme": access.programme, "tab": "brownbag", "talk": talk,
        "call": call, "open": call.is_open(), "next_url": request.get_full_path(),
        "question_form": question_form or QuestionForm(),
        "may_change": brownbag.may_change_talk(access, talk) and talk.agenda_item_id is None
        and call.is_open(),
        "may_record": talk.team is not None and (access.member_of(talk.team)
                                                 or access.may_manage),
    }
    return render(request, "ceremonies/brownbag/talk.html", context, status=status)


@with_programme()
@require_safe
def talk_detail(request: HttpRequest, access: Access, talk_id: int) -> HttpResponse:
    return _talk_page(request, access, _talk(access, talk_id, request.user))


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


@require_POST
@with_programme()
def talk_vote(request: HttpRequest, access: Access, talk_id: int) -> HttpResponse:
    """Vote or take a vote back; htmx swaps the talk's vote box, a plain post redirects."""
    talk = _talk(access, talk_id, request.user)
    form = VoteForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Vote or take your vote back.")
    else:
        try:
            voted = brownbag.talk_vote(talk=talk, by=request.user, vote=form.wanted)
        except brownbag.BrownBagError as refused:
            error = str(refused)
    back = _next(request, reverse("ceremonies:brownbag", kwargs={"slug": access.programme.slug}))
    if request.htmx:
        talk = _talk(access, talk_id, request.user)
        call = brownbag.call_for(talk.sprint, access.programme)
        return render(request, "ceremonies/brownbag/_vote.html",
                      {"talk": talk, "programme": access.programme, "open": call.is_open(),
                       "vote_error": error, "next_url": back})
    if error:
        messages.error(request, error)
    else:
        message = _("Voted for “%(talk)s”.") if voted else _("Vote taken back from “%(talk)s”.")
        messages.success(request, message % {"talk": talk})
    return redirect(back)


@require_POST
@with_programme()
def talk_question(request: HttpRequest, access: Access, talk_id: int) -> HttpResponse:
    """A question raised at the talk, routed to the talk's team as a feedback item."""
    talk = _talk(access, talk_id, request.user)
    form = QuestionForm(request.POST)
    item, status = _submit(form, brownbag.talk_question_raise, talk=talk, by=request.user)
    if status is None:
        messages.success(request, _("Question “%(item)s” sent to %(team)s.")
                         % {"item": item, "team": talk.team})
        return redirect(talk)
    return _talk_page(request, access, talk, question_form=form, status=status)


@with_programme(require="may_manage")
def agenda_builder(request: HttpRequest, access: Access, number: int) -> HttpResponse:
    """The MSM orders the sprint's talks (most-voted first), sets their minutes, sees what
    does not fit, and writes the Brown Bag's agenda."""
    sprint = get_object_or_404(access.programme.sprints, number=number)
    call = brownbag.call_for(sprint, access.programme)
    talks = list(brownbag.talks_for(sprint, request.user))
    form = AgendaPlanForm(request.POST or None, talks=talks)
    meeting, plan, status, error = call.meeting, None, 200, None
    if request.method == "POST" and not form.is_valid():
        status = 400
    if meeting is not None:
        choices = form.choices() if request.method == "POST" and form.is_valid() else None
        plan = brownbag.agenda_plan(meeting=meeting, talks=talks, choices=choices)
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "write":
        if meeting is None:
            error, status = _("No Brown Bag is scheduled in this sprint."), 400
        else:
            try:
                brownbag.brownbag_agenda_write(plan=plan, by=request.user)
            except brownbag.BrownBagError as refused:
                error, status = str(refused), refused.status
            else:
                messages.success(request, _agenda_written(plan))
                return redirect(meeting)
    context = {"access": access, "programme": access.programme, "tab": "brownbag",
               "call": call, "meeting": meeting, "plan": plan, "form": form, "error": error}
    template = "ceremonies/brownbag/agenda.html"
    if request.htmx and request.method == "POST":
        template += "#plan-preview"
    return render(request, template, context, status=status)


# --- the solved-first register ----------------------------------------------------------------

def _may_record(access: Access) -> bool:
    return access.is_team_member or access.may_manage


@with_programme()
@require_safe
def register_list(request: HttpRequest, access: Access) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    context = {"access": access, "programme": access.programme, "tab": "register",
               "form": form, "q": q, "hits": register.register_search(
                   programme=access.programme, q=q),
               "may_record": _may_record(access)}
    return render(request, "ceremonies/brownbag/register.html", context)


def _talk_from_query(request, access: Access) -> Talk | None:
    raw = request.GET.get("talk", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    return Talk.objects.filter(programme=access.programme, pk=int(raw)).first()


@with_programme()
def entry_new(request: HttpRequest, access: Access) -> HttpResponse:
    if not _may_record(access):
        raise PermissionDenied(_("Teams (and the MSM) record what they solved first."))
    initial = {"solved_on": access.programme.today()}
    talk = _talk_from_query(request, access)
    if talk is not None:
        initial.update(talk=talk, problem=talk.title, team=talk.team)
    form = RegisterEntryForm(request.POST or None, access=access, initial=initial)
    status = 200
    if request.method == "POST":
        entry, status = _submit(form, register.register_record, by=request.user)
        if status is None:
            messages.success(request, _("Recorded in the solved-first register."))
            return redirect("ceremonies:register_entry", slug=access.programme.slug,
                            entry_id=entry.pk)
    return render(request, "ceremonies/brownbag/entry_form.html",
                  {"access": access, "programme": access.programme, "tab": "register",
                   "form": form}, status=status)


def _entry(access: Access, entry_id: int) -> RegisterEntry:
    entry = register.entry_for(access.programme, entry_id)
    if entry is None:
        raise Http404(_("No such register entry."))
    return entry


def _reuse_teams(access: Access, entry: RegisterEntry):
    teams = access.programme.teams.exclude(pk=entry.team_id).order_by("name")
    return teams if access.may_manage else teams.filter(pk__in=list(access.team_roles))


def _entry_page(request, access: Access, entry: RegisterEntry, status=200, **forms):
    teams = _reuse_teams(access, entry)
    context = {
        "access": access, "programme": access.programme, "tab": "register", "entry": entry,
        "talk_here": entry.talk is not None and entry.talk.programme_id == access.programme.pk,
        "may_reuse": _may_record(access) and teams.exists(),
        "reuse_form": forms.get("reuse_form") or ReuseForm(teams=teams),
        "ask_form": forms.get("ask_form") or QuestionForm(prefix="ask"),
        "may_change": entry.programme_id == access.programme.pk
        and register.may_record_for(request.user, entry.team),
    }
    return render(request, "ceremonies/brownbag/entry.html", context, status=status)


@with_programme()
def entry_edit(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    entry = _entry(access, entry_id)
    if entry.programme_id != access.programme.pk:
        raise Http404(_("Change the entry in its own programme."))
    if not register.may_record_for(request.user, entry.team):
        raise PermissionDenied(_("Only people of %(team)s or the MSM change this entry.")
                               % {"team": entry.team})
    form = RegisterEntryForm(request.POST or None, access=access,
                             initial=model_to_dict(entry, fields=register.ENTRY_FIELDS))
    status = 200
    if request.method == "POST":
        _saved, status = _submit(form, register.register_edit, entry=entry, by=request.user)
        if status is None:
            messages.success(request, _("Register entry saved."))
            return redirect("ceremonies:register_entry", slug=access.programme.slug,
                            entry_id=entry.pk)
    return render(request, "ceremonies/brownbag/entry_form.html",
                  {"access": access, "programme": access.programme, "tab": "register",
                   "form": form, "entry": entry}, status=status)


@with_programme()
@require_safe
def entry_detail(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    return _entry_page(request, access, _entry(access, entry_id))


@require_POST
@with_programme()
def entry_reuse(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    """"We used this": one of the person's teams records that it reused the solution."""
    entry = _entry(access, entry_id)
    if not _may_record(access):
        raise PermissionDenied(_("Teams (and the MSM) say what they reused."))
    form = ReuseForm(request.POST, teams=_reuse_teams(access, entry))
    _saved, status = _submit(form, register.register_reuse, entry=entry, by=request.user)
    if status is None:
        messages.success(request, _("Recorded: %(cleaned_data_team)s used this.")
                         % {"cleaned_data_team": form.cleaned_data['team']})
        return redirect("ceremonies:register_entry", slug=access.programme.slug,
                        entry_id=entry.pk)
    return _entry_page(request, access, entry, status=status, reuse_form=form)


@require_POST
@with_programme()
def entry_ask(request: HttpRequest, access: Access, entry_id: int) -> HttpResponse:
    """"Ask this team": a question routed to the entry's team as a feedback item."""
    entry = _entry(access, entry_id)
    form = QuestionForm(request.POST, prefix="ask")
    item, status = _submit(form, register.register_ask,
                           entry=entry, by=request.user, via=access.programme)
    if status is None:
        messages.success(request, _("Question “%(item)s” sent.") % {"item": item})
        return redirect("ceremonies:register_entry", slug=access.programme.slug,
                        entry_id=entry.pk)
    return _entry_page(request, access, entry, status=status, ask_form=form)


@with_programme(require="may_manage")
@require_safe
def knowledge_spread(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "ceremonies/brownbag/spread.html",
                  {"access": access, "programme": access.programme, "tab": "register",
                   "entries": register.knowledge_spread(access.programme)})


def _agenda_written(plan) -> str:
    written = ngettext("Agenda written: %(n)s talk", "Agenda written: %(n)s talks",
                       len(plan.fitting)) % {"n": len(plan.fitting)}
    if not plan.not_fitting:
        return _("%(written)s.") % {"written": written}
    return ngettext("%(written)s; %(n)s did not fit.", "%(written)s; %(n)s did not fit.",
                    len(plan.not_fitting)) % {"written": written, "n": len(plan.not_fitting)}
