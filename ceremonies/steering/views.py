"""The steering dashboard, the pack reviewed beforehand, snapshots, objectives and milestones."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ceremonies.meetings.permissions import may_steer
from ceremonies.models import Milestone, Objective, SteeringChange, SteeringSnapshot
from ceremonies.steering import services as steering
from ceremonies.steering.charts import snapshot_summaries, trend_charts
from ceremonies.steering.delivery_trends import delivery_trends
from ceremonies.steering.forms import MilestoneForm, ObjectiveForm
from ceremonies.steering.pack import STOPPING_LISTS, next_steering, steering_pack
from metascrum.lib.forms import apply_errors
from programmes.access.decorators import with_programme
from programmes.data_version import CACHED_PAGE_SECONDS
from programmes.permissions import Access


def _base(access: Access, **extra) -> dict:
    return {"access": access, "programme": access.programme, "tab": "steering",
            "may_steer": may_steer(access), **extra}


class _Dashboard:
    """What the dashboard shows, built on first use: a page served from the cache builds none
    of it, so a cached view costs the request's own queries only."""

    def __init__(self, programme):
        self.programme = programme

    @cached_property
    def pack(self) -> dict:
        return steering_pack(programme=self.programme)

    @cached_property
    def next_meeting(self):
        return next_steering(self.programme)

    @cached_property
    def rolled_up(self) -> bool:
        return self.programme.children.exists()

    @cached_property
    def _snapshots(self) -> list[tuple]:
        return snapshot_summaries(self.programme)

    @cached_property
    def charts(self):
        return trend_charts(self.programme, live_summary=self.pack["summary"],
                            snapshots=self._snapshots)

    @cached_property
    def delivery_trends(self):
        return delivery_trends(self.programme, live=self.pack["now"]["delivery"])

    @cached_property
    def snapshots(self) -> list[tuple]:
        return [(pk, at) for pk, at, _data in reversed(self._snapshots)]

    @cached_property
    def awaiting(self) -> list[dict]:
        stopping = self.pack["stopping"]
        return [item for key in STOPPING_LISTS
                for item in stopping.get(key, ()) if item["level"] == "stakeholders"]


@with_programme()
@require_safe
def dashboard(request: HttpRequest, access: Access) -> HttpResponse:
    """The three questions at a glance, cached under the programme's data version: a bounded
    number of queries at any size, and none of the pack's while nothing changed."""
    context = _base(access, dash=_Dashboard(access.programme),
                    cache_seconds=CACHED_PAGE_SECONDS, printable="print" in request.GET)
    return render(request, "ceremonies/steering/dashboard.html", context)


@with_programme()
@require_safe
def pack_page(request: HttpRequest, access: Access) -> HttpResponse:
    """The pack for the next Steering Committee, from live data, to review beforehand."""
    programme = access.programme
    meeting = next_steering(programme)
    pack = steering_pack(programme=programme, meeting=meeting)
    return render(request, "ceremonies/steering/pack.html",
                  _base(access, pack=pack, meeting=meeting, frozen=False,
                        printable="print" in request.GET))


@with_programme()
@require_safe
def snapshot_page(request: HttpRequest, access: Access, snapshot_id: int) -> HttpResponse:
    snapshot = get_object_or_404(
        SteeringSnapshot.objects.select_related("meeting"), programme=access.programme,
        pk=snapshot_id)
    return render(request, "ceremonies/steering/pack.html",
                  _base(access, pack=snapshot.data, meeting=snapshot.meeting, frozen=True,
                        snapshot=snapshot, printable="print" in request.GET))


@with_programme()
@require_safe
def objective_detail(request: HttpRequest, access: Access, objective_id: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("owner", "programme"),
                                  programme=access.programme, pk=objective_id)
    history = list(SteeringChange.objects.filter(objective=objective)
                   .select_related("actor").order_by("-at", "-pk")[:200])
    milestones = list(objective.milestones.select_related("booking__resource"))
    return render(request, "ceremonies/steering/objective.html",
                  _base(access, objective=objective, history=history, milestones=milestones,
                        today=access.programme.today()))


def _steerer(access: Access) -> None:
    if not may_steer(access):
        raise PermissionDenied(_("Only the Meta Scrum Master changes objectives and milestones."))


def _save(request, form, save) -> tuple[object | None, int]:
    """Run `save(**cleaned_data)`; refusals go next to the fields, the input is kept."""
    if not form.is_valid():
        return None, 400
    data = form.save_kwargs()
    try:
        return save(version=form.cleaned_data.get("version"), **data), 200
    except steering.SteeringError as refused:
        form.add_error(None, str(refused))
        return None, refused.status
    except ValidationError as error:
        apply_errors(form, error)
        return None, 400


@dataclass(frozen=True)
class _Editing:
    """What differs between adding or editing an objective and a milestone."""

    noun: str
    form: type
    create: Callable
    update: Callable
    saved: str
    after: Callable[[object], HttpResponse]


def _after_milestone(milestone: Milestone) -> HttpResponse:
    if milestone.objective_id:
        return redirect(milestone.objective)
    return redirect("ceremonies:steering", slug=milestone.programme.slug)


OBJECTIVES = _Editing("objective", ObjectiveForm, steering.objective_create,
                      steering.objective_update,
                      _("Objective saved; the change is in its history."), redirect)
MILESTONES = _Editing("milestone", MilestoneForm, steering.milestone_create,
                      steering.milestone_update,
                      _("Milestone saved; the change is in the history."), _after_milestone)


def _form_page(request, access: Access, editing: _Editing, *, instance=None,
               initial=None) -> HttpResponse:
    """The add or edit form of an objective or milestone: MSM only; a refusal keeps the input."""
    _steerer(access)
    programme = access.programme
    form = editing.form(request.POST or None, programme=programme, initial=initial,
                        instance=copy(instance) if instance else None)
    status = 200
    if request.method == "POST":
        if instance is None:
            def save(version, **data):
                return editing.create(programme=programme, by=request.user, **data)
        else:
            def save(version, **data):
                return editing.update(**{editing.noun: instance}, by=request.user,
                                      version=version, **data)
        saved, status = _save(request, form, save)
        if saved is not None:
            messages.success(request, editing.saved if instance else
                             f"{editing.noun.capitalize()} “{saved}” added.")
            return editing.after(saved)
    return render(request, f"ceremonies/steering/{editing.noun}_form.html",
                  _base(access, form=form, **{editing.noun: instance}), status=status)


@with_programme()
def objective_new(request: HttpRequest, access: Access) -> HttpResponse:
    return _form_page(request, access, OBJECTIVES,
                      initial={"target_date": access.programme.today()})


@with_programme()
def objective_edit(request: HttpRequest, access: Access, objective_id: int) -> HttpResponse:
    objective = get_object_or_404(Objective, programme=access.programme, pk=objective_id)
    return _form_page(request, access, OBJECTIVES, instance=objective)


@with_programme()
def milestone_new(request: HttpRequest, access: Access) -> HttpResponse:
    initial = {"due_date": access.programme.today()}
    if request.GET.get("objective", "").isdigit():
        initial["objective"] = int(request.GET["objective"])
    return _form_page(request, access, MILESTONES, initial=initial)


@with_programme()
def milestone_edit(request: HttpRequest, access: Access, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, programme=access.programme, pk=milestone_id)
    return _form_page(request, access, MILESTONES, instance=milestone)


