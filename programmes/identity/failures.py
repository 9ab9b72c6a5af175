"""The pages a failed single sign-on ends on: what went wrong in words, nothing signed in."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_page
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Failure:
    title: str
    explanation: str
    status: int


PROVIDER_DOWN = Failure(
    _("The identity provider cannot be reached"),
    _("We could not reach your company's sign-in service. Nothing was changed and you are not "
      "signed in. Try again in a few minutes; if it goes on, tell your administrator."),
    502,
)
REJECTED = Failure(
    _("Single sign-on did not complete"),
    _("The answer from your company's sign-in service could not be trusted (it was altered, "
      "expired, already used or meant for another application). Nothing was changed and you "
      "are not signed in. Start again from the sign-in page."),
    400,
)
CANCELLED = Failure(
    _("Single sign-on was cancelled"),
    _("You did not finish signing in with your company's sign-in service. You are not signed "
      "in."),
    400,
)
DEACTIVATED = Failure(
    _("This account is deactivated"),
    _("Your metascrum account has been deactivated, so it cannot sign in, by any route. Ask a "
      "Meta Scrum Master of your programme if you think this is a mistake."),
    403,
)
NO_EMAIL = Failure(
    _("Your identity provider sent no verified email address"),
    _("metascrum needs a verified email address from your company's sign-in service to know "
      "who you are. Nothing was created and you are not signed in. Tell your administrator."),
    400,
)


def render(request: HttpRequest, failure: Failure) -> HttpResponse:
    return render_page(request, "identity/sso_failed.html", {"failure": failure},
                       status=failure.status)
