from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from feedback import (
    forms,
    inbox_panels,
    metrics,
    metrics_panels,
    selectors,
    services,
    tracker_links,
)
from feedback.models import FeedbackItem
from feedback.permissions import powers_for
from metascrum.lib.forms import apply_errors
from metascrum.lib.pagination import paginate
from programmes.access.decorators import with_programme
from programmes.permissions import Access

Item = FeedbackItem


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    lists = selectors.inbox(request.user)
    waiting_for_me = paginate(request, lists["waiting_for_me"], param="mine")
    context = {
        "waiting_for_me": waiting_for_me,
        "inbox_badge": waiting_for_me.paginator.count,
        "waiting_on_others": paginate(request, lists["waiting_on_others"], param="others"),
        "now": timezone.now(),
        "panels": inbox_panels.panels_for(request.user),
    }
    return render(request, "feedback/inbox.html", context)


@with_programme()
@require_safe
def programme_feedback(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    now = timezone.now()
    context = {
        "access": access, "programme": programme, "now": now,
        "items": paginate(request, selectors.programme_flow(programme), per_page=50),
        "proposed": paginate(request, selectors.impediments_proposed_for_escalation(
            programme, now), param="proposed", per_page=10),
        "closed": list(selectors.recently_closed(programme)),
    }
    return render(request, "feedback/programme.html", context)


@with_programme()
def item_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.RaiseForm(request.POST or None, access=access)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.feedback_raise(
                    programme=access.programme, kind=data["kind"], title=data["title"],
                    details=data["details"], direction=data["direction"],
                    origin_team=data.get("origin_team"),
                    addressed_teams=data.get("teams") or (), raised_by=request.user)
            except services.FeedbackError as error:
                form.add_error(None, str(error))
                status = error.status
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(request, _("“%(item)s” raised and routed.") % {"item": item})
                return redirect(item)
        else:
            status = 400
    return render(request, "feedback/item_form.html",
                  {"access": access, "programme": access.programme, "form": form},
                  status=status)


def _get_item(access: Access, pk: int) -> FeedbackItem:
    item = selectors.item_detail(access.programme, pk)
    if item is None:
        raise Http404(_("No such feedback item."))
    return item


def _detail_context(request, access, item, bound=None, error=None) -> dict:
    powers = powers_for(request.user, item, access)
    action_forms = {
        "acknowledge": forms.AcknowledgeForm(item=item),
        "answer": forms.AnswerForm(),
        "close": forms.OptionalCommentForm(prefix="close"),
        "reopen": forms.ReopenForm(prefix="reopen"),
        # The levels above cost a query: only for whoever may escalate.
        "escalate": (forms.EscalateForm(item=item, prefix="escalate")
                     if powers.holds and item.state in Item.WAITING_STATES else None),
        "delegate": forms.DelegateForm(item=item, prefix="delegate"),
        "comment": forms.CommentForm(prefix="comment"),
        "owner": forms.OwnerForm(item=item, prefix="owner"),
        "link": forms.TrackerLinkForm(prefix="link"),
    }
    if bound is not None:
        action_forms[bound[0]] = bound[1]
    return {"access": access, "programme": access.programme, "item": item, "powers": powers,
            "forms": action_forms, "error": error, "now": timezone.now(),
            "closable_when_acknowledged": item.kind in services.CLOSABLE_WHEN_ACKNOWLEDGED}


@with_programme()
@require_safe
def item_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    item = _get_item(access, pk)
    template = "feedback/item.html"
    if request.htmx:
        template += "#item"
    return render(request, template, _detail_context(request, access, item))


ACTIONS = {  # action: (form class, form prefix, message on success)
    "acknowledge": (forms.AcknowledgeForm, "", gettext_lazy("Acknowledged.")),
    "answer": (forms.AnswerForm, "", gettext_lazy("Answer sent to the originator.")),
    "close": (forms.OptionalCommentForm, "close", gettext_lazy("Loop closed.")),
    "reopen": (forms.ReopenForm, "reopen", gettext_lazy("Reopened and sent back.")),
    "escalate": (forms.EscalateForm, "escalate", gettext_lazy("Escalated to %(holder)s.")),
    "delegate": (forms.DelegateForm, "delegate", gettext_lazy("Delegated to %(holder)s.")),
    "comment": (forms.CommentForm, "comment", gettext_lazy("Comment added.")),
    "owner": (forms.OwnerForm, "owner", gettext_lazy("Owner changed.")),
}


def _run(action: str, item: FeedbackItem, by, data: dict):
    if action == "acknowledge":
        return services.feedback_acknowledge(item=item, by=by, team=data.get("team"))
    if action == "answer":
        return services.feedback_answer(item=item, by=by, text=data["text"])
    if action == "close":
        return services.feedback_close(item=item, by=by, comment=data["comment"])
    if action == "reopen":
        return services.feedback_reopen(item=item, by=by, comment=data["comment"])
    if action == "escalate":
        return services.feedback_escalate(item=item, by=by, to=data["to"],
                                          comment=data["comment"])
    if action == "delegate":
        return services.feedback_delegate(item=item, by=by, teams=data.get("teams") or (),
                                          comment=data["comment"])
    if action == "owner":
        return services.feedback_assign_owner(item=item, by=by, owner=data["owner"])
    return services.feedback_comment(item=item, by=by, text=data["text"])


@require_POST
@with_programme()
def tracker_link_view(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """The originator or the holder links the item to a work-tracker item by its link or key."""
    item = _get_item(access, pk)
    powers = powers_for(request.user, item, access)
    if not (powers.is_originator or powers.holds):
        raise PermissionDenied(_("Only its originator or whoever holds it links this item."))
    form = forms.TrackerLinkForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            link = tracker_links.tracker_link_add(item=item, by=request.user,
                                                  reference=form.cleaned_data["reference"])
        except ValidationError as error:
            form.add_error("reference", error)
        else:
            messages.success(request, _("Linked to %(key)s. When it closes, %(person)s is asked "
                                        "to close the loop.") % {
                "key": link.tracker_item.key, "person": item.raised_by})
            return redirect(item.get_absolute_url())
    context = _detail_context(request, access, _get_item(access, pk), bound=("link", form))
    return render(request, "feedback/item.html", context, status=400)


@require_POST
@with_programme()
def item_action(request: HttpRequest, access: Access, pk: int, action: str) -> HttpResponse:
    """One POST endpoint per step of the loop; htmx gets the item fragment back."""
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    item = _get_item(access, pk)
    form_class, prefix, done = ACTIONS[action]
    kwargs = {"prefix": prefix or None}
    if action in ("acknowledge", "delegate", "escalate", "owner"):
        kwargs["item"] = item
    form = form_class(request.POST, **kwargs)
    error, status = None, 400
    if form.is_valid():
        try:
            _run(action, item, request.user, form.cleaned_data)
        except services.FeedbackError as refused:
            error, status = str(refused), refused.status
        else:
            # The service left `item` as it is now: the message names where it went.
            done = (str(done) % {"holder": item.holder_label}
                    if action in ("escalate", "delegate") else str(done))
            return _after_action(request, access, pk, done)
    else:
        error = _("Please correct the form below.")
    item = _get_item(access, pk)
    if request.htmx and request.POST.get("return") == "row":
        return render(request, "feedback/_rows.html#row",
                      {"item": item, "now": timezone.now(), "quick": True, "error": error})
    context = _detail_context(request, access, item, bound=(action, form), error=error)
    if request.htmx:
        # htmx swaps only 2xx responses: the refusal is shown inside the fragment instead.
        response = render(request, "feedback/item.html#item", context)
        response["X-Feedback-Refused"] = str(status)
        return response
    return render(request, "feedback/item.html", context, status=status)


def _after_action(request, access, pk, done):
    if request.htmx:
        item = _get_item(access, pk)
        if request.POST.get("return") == "row":
            return render(request, "feedback/_rows.html#row",
                          {"item": item, "now": timezone.now(), "quick": True})
        context = _detail_context(request, access, item)
        context["done"] = done
        return render(request, "feedback/item.html#item", context)
    messages.success(request, done)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("feedback:item", slug=access.programme.slug, pk=pk)


@with_programme()
@require_safe
def metrics_view(request: HttpRequest, access: Access) -> HttpResponse:
    """Loop metrics by level over whole days (by default the last 30, as the steering pack)."""
    programme = access.programme
    chosen = metrics.last_days(programme)
    form = forms.PeriodForm(request.GET or None,
                            initial={"start": chosen.first, "end": chosen.last})
    status = 200
    if request.GET:
        if form.is_valid():
            chosen = metrics.period(programme, form.cleaned_data["start"],
                                    form.cleaned_data["end"])
        else:
            status = 400
    rows = metrics.loop_metrics_by_level(programme=programme, start=chosen.start,
                                         end=chosen.end)
    context = {"access": access, "programme": programme, "form": form, "rows": rows,
               "total": rows[0], "period": chosen, "start": chosen.first, "end": chosen.last,
               "age_chart": _bars(rows[0].open_by_age),
               "time_chart": _time_bars(rows[1:]),
               "panels": metrics_panels.panels_for(programme, chosen)}
    return render(request, "feedback/metrics.html", context, status=status)


def _bars(pairs):
    """Geometry for a horizontal bar chart, computed here so the template stays simple."""
    top = max([n for _label, n in pairs] + [1])
    return [{"label": label, "value": n, "y": i * 28, "width": round(300 * n / top)}
            for i, (label, n) in enumerate(pairs)]


def _time_bars(rows):
    values = [(row.level, row.close_median_hours) for row in rows]
    top = max([v or 0 for _level, v in values] + [1])
    labels = dict(Item.Level.choices)
    return [{"label": labels[level], "value": v, "y": i * 28,
             "width": round(300 * (v or 0) / top)} for i, (level, v) in enumerate(values)]


@with_programme(require="may_manage")
def settings_view(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.settings_for(access.programme)
    form = forms.SettingsForm(request.POST or None, instance=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.settings_update(programme=access.programme, **{
                name: form.cleaned_data[name] for name in form.Meta.fields})
            messages.success(request, _("Feedback settings saved."))

            return redirect("feedback:programme", slug=access.programme.slug)
        status = 400
    return render(request, "feedback/settings.html",
                  {"access": access, "programme": access.programme, "form": form},
                  status=status)
