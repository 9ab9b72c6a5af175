"""RP-initiated logout: where to send a person signed in through a provider when they sign
out, so that the provider's session ends too."""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from requests import RequestException

from programmes.identity.oidc import CheckedAdapter

SSO_SESSION = "metascrum_sso"
log = logging.getLogger(__name__)


def remember(request: HttpRequest, provider_id: str, id_token: str) -> None:
    request.session[SSO_SESSION] = {"provider_id": provider_id, "id_token": id_token}


def end_session(request: HttpRequest) -> tuple[str, str] | None:
    """The provider's end_session_endpoint with our ID token as hint, if it offers one, and
    the provider's name."""
    sso = request.session.get(SSO_SESSION)
    if not sso:
        return None
    adapter = CheckedAdapter(request, sso["provider_id"])
    try:
        endpoint = adapter.openid_config.get("end_session_endpoint")
        provider = adapter.get_provider()
    except (RequestException, ValueError, LookupError) as error:
        # Our session still ends; the provider's may outlive it.
        log.warning("No provider sign-out for %s: %r", sso["provider_id"], error)
        return None
    if not endpoint:
        return None
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode({
        "id_token_hint": sso["id_token"],
        "client_id": provider.app.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }), provider.name
