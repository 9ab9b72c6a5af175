"""The one way a page's write view reads its form: refuse first, then read what was sent."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def permitted_form(request: HttpRequest, form_class: type[forms.Form], *, allowed: bool,
                   refusal: str) -> forms.Form | None:
    """The valid form, after the permission: someone who may not act learns nothing from the
    form's errors. None (with the errors as a message) when the form is not valid."""
    if not allowed:
        raise PermissionDenied(refusal)
    form = form_class(request.POST)
    if form.is_valid():
        return form
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return None
