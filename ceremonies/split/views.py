"""Splitting a Scrum of Scrums that grew too big: one form creates a child programme and moves
the chosen teams into it (the MSM only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ceremonies.split.panel import size_warning
from metascrum.lib.forms import TextField
from programmes.access.decorators import with_programme
from programmes.models import Team
from programmes.permissions import Access
from programmes.services import ServiceError, programme_split


class SplitForm(forms.Form):
    name = TextField(max_length=120, label=_("Name of the new child programme"))
    teams = forms.ModelMultipleChoiceField(queryset=Team.objects.none(),
                                           widget=forms.CheckboxSelectMultiple,
                                           label=_("Teams that move into it"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = programme.teams.order_by("name")


@require_http_methods(["GET", "HEAD", "POST"])
@with_programme(require="may_manage")
def split_view(request: HttpRequest, access: Access) -> HttpResponse:
    programme = access.programme
    form = SplitForm(request.POST or None, programme=programme)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                child = programme_split(programme=programme, by=request.user,
                                        name=form.cleaned_data["name"],
                                        teams=list(form.cleaned_data["teams"]))
            except ServiceError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("%(child)s now holds %(n)s teams.") % {
                    "child": child, "n": len(form.cleaned_data["teams"])})
                return redirect(child)
        status = 400
    context = {"access": access, "programme": programme, "form": form,
               "warning": size_warning(programme)}
    return render(request, "ceremonies/split.html", context, status=status)
