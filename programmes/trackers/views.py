"""The MSM's tracker pages (connect, map teams, retry) and the trackers' webhook endpoint."""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from metascrum.lib.forms import apply_errors
from programmes.access.decorators import with_programme
from programmes.models import TrackerConnection, TrackerMapping
from programmes.permissions import Access
from programmes.trackers import services, tasks
from programmes.trackers.forms import ConnectionForm, MappingForm
from programmes.trackers.receive import Outcome, delivery_receive

STATUSES = {Outcome.UNAUTHORISED: 401, Outcome.MALFORMED: 400, Outcome.REPEATED: 200,
            Outcome.IGNORED: 202, Outcome.APPLIED: 200}


def _connection(access: Access, connection_id: int) -> TrackerConnection:
    return get_object_or_404(TrackerConnection.objects.select_related("programme"),
                             programme=access.programme, pk=connection_id)


def _back(access: Access) -> HttpResponse:
    return redirect(reverse("programmes:integrations", args=[access.programme.slug])
                    + "#trackers")


@with_programme(require="may_manage")
def tracker_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = ConnectionForm(request.POST or None,
                          instance=TrackerConnection(programme=access.programme))
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.connection_save(
                connection=form.instance, by=request.user, token=form.cleaned_data["token"],
                webhook_secret=form.cleaned_data["webhook_secret"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tracker “%(name)s” connected. Map its "
                                        "repositories, projects or boards to teams.")
                             % {"name": connection})
            return redirect("programmes:tracker_edit", slug=access.programme.slug,
                            connection_id=connection.pk)
    return render(request, "programmes/trackers/connection_form.html",
                  {"access": access, "programme": access.programme, "form": form},
                  status=400 if form.is_bound else 200)


@with_programme(require="may_manage")
def tracker_edit(request: HttpRequest, access: Access, connection_id: int) -> HttpResponse:
    connection = _connection(access, connection_id)
    form = ConnectionForm(request.POST or None, instance=copy(connection))
    if request.method == "POST" and form.is_valid():
        try:
            services.connection_save(connection=form.instance, by=request.user,
                                     token=form.cleaned_data["token"],
                                     webhook_secret=form.cleaned_data["webhook_secret"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tracker “%(name)s” saved.") % {"name": form.instance})
            return _back(access)
    return _edit_page(request, access, connection, form=form,
                      status=400 if form.is_bound else 200)


def _edit_page(request, access, connection, *, form=None, mapping_form=None, status=200):
    programme = access.programme
    hook = reverse("programmes:tracker_webhook", args=[connection.pk])
    return render(request, "programmes/trackers/connection_edit.html", {
        "access": access, "programme": programme, "connection": connection,
        "form": form or ConnectionForm(instance=copy(connection)),
        "mapping_form": mapping_form or MappingForm(programme=programme, connection=connection,
                                                    prefix="map"),
        "mappings": connection.mappings.select_related("team").order_by("team__name", "source"),
        "webhook_url": request.build_absolute_uri(hook),
    }, status=status)


@require_POST
@with_programme(require="may_manage")
def tracker_remove(request: HttpRequest, access: Access, connection_id: int) -> HttpResponse:
    connection = _connection(access, connection_id)
    services.connection_remove(connection=connection, by=request.user)
    messages.success(request, _("Tracker “%(name)s” removed.") % {"name": connection})
    return _back(access)


@require_POST
@with_programme(require="may_manage")
def tracker_sync(request: HttpRequest, access: Access, connection_id: int) -> HttpResponse:
    connection = _connection(access, connection_id)
    tasks.tracker_sync.delay(connection.pk)
    messages.info(request, _("“%(name)s” is being read again; reload in a minute to see the "
                             "outcome.") % {"name": connection})
    return _back(access)


@require_POST
@with_programme(require="may_manage")
def mapping_add(request: HttpRequest, access: Access, connection_id: int) -> HttpResponse:
    connection = _connection(access, connection_id)
    form = MappingForm(request.POST, programme=access.programme, connection=connection,
                       prefix="map")
    if form.is_valid():
        try:
            mapping = services.mapping_add(connection=connection, by=request.user,
                                           **form.cleaned_data)
        except services.MappingTaken as error:
            form.add_error("source", str(error))
        else:
            tasks.tracker_sync.delay(connection.pk)
            messages.success(request, _("“%(source)s” mapped to %(team)s; its items are being "
                                        "imported.")
                             % {"source": mapping.source, "team": mapping.team})
            return redirect("programmes:tracker_edit", slug=access.programme.slug,
                            connection_id=connection.pk)
    return _edit_page(request, access, connection, mapping_form=form, status=400)


@require_POST
@with_programme(require="may_manage")
def mapping_remove(request: HttpRequest, access: Access, connection_id: int, mapping_id: int
                   ) -> HttpResponse:
    connection = _connection(access, connection_id)
    mapping = get_object_or_404(TrackerMapping.objects.select_related("team", "connection"),
                                connection=connection, pk=mapping_id)
    services.mapping_remove(mapping=mapping, by=request.user)
    messages.success(request, _("“%(source)s” is no longer mapped to %(team)s.")
                     % {"source": mapping.source, "team": mapping.team})
    return redirect("programmes:tracker_edit", slug=access.programme.slug,
                    connection_id=connection.pk)


@csrf_exempt  # trackers sign their deliveries; there is no session to forge
@require_POST
def tracker_webhook(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = get_object_or_404(TrackerConnection, pk=connection_id)
    outcome = delivery_receive(connection=connection, headers=request.headers,
                               body=request.body)
    return HttpResponse(outcome.value, status=STATUSES[outcome], content_type="text/plain")
