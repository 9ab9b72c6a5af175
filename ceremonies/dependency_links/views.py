"""The page of a dependency's tracker items: which items deliver it, and linking one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ceremonies.dependencies.services import may_close
from ceremonies.dependency_links import services
from ceremonies.dependency_links.forms import DependencyLinkForm
from ceremonies.models import Dependency
from programmes.access.decorators import with_programme
from programmes.permissions import Access


def dependency_for(access: Access, dependency_id: int) -> Dependency:
    """A dependency of the programme's teams, either way (404 otherwise)."""
    return get_object_or_404(
        Dependency.objects.select_related("programme", "raised_by", "needing_team__programme",
                                          "providing_team__programme"),
        Q(programme=access.programme) | Q(providing_team__programme=access.programme),
        pk=dependency_id)


@with_programme()
@require_http_methods(["GET", "HEAD", "POST"])
def dependency_links_view(request: HttpRequest, access: Access, dependency_id: int
                          ) -> HttpResponse:
    dependency = dependency_for(access, dependency_id)
    may_link = services.may_link(request.user, dependency)
    if request.method == "POST" and not may_link:
        raise PermissionDenied(_("Only the two teams of an open dependency (or the MSM) link "
                                 "it to a tracker item."))
    form = DependencyLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.dependency_link_add(
                dependency=dependency, by=request.user,
                reference=form.cleaned_data["reference"])
        except ValidationError as error:
            form.add_error("reference", error)
        else:
            messages.success(request, _("Linked to %(key)s. When it closes, %(person)s is asked "
                                        "to mark the dependency delivered.")
                             % {"key": link.tracker_item.key,
                                "person": dependency.raised_by or dependency.needing_team})
            return redirect(request.path)
    return render(request, "ceremonies/dependency_links/page.html", {
        "access": access, "programme": access.programme, "dependency": dependency,
        "links": services.dependency_links(dependency), "form": form,
        "may_link": may_link,
        "may_deliver": (dependency.status == Dependency.Status.ACCEPTED
                        and may_close(request.user, dependency)),
    }, status=400 if form.is_bound else 200)
