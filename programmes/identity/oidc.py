"""django-allauth's OpenID Connect provider, with the checks this project requires on top.

allauth sends PKCE and checks state, issuer, audience and expiry; this adds a nonce sent
with every authorization request and checked against the ID token, and always checks the ID
token's signature against the provider's published keys (allauth skips it when the token
came straight from the token endpoint, which the specification permits).
"""

from __future__ import annotations

import secrets

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from requests import RequestException

from programmes.identity import failures


class CheckedAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    def _decode_id_token(self, app, id_token: str) -> dict:
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        if not self.expected_nonce or not secrets.compare_digest(
                str(claims.get("nonce", "")), self.expected_nonce):
            raise OAuth2Error("ID token nonce mismatch")
        return claims

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token")
        login = super().complete_login(request, app, token, **kwargs)
        # Kept for the provider's sign-out (RP-initiated logout: id_token_hint).
        request.sso_id_token = id_token
        return login


class CheckedOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = CheckedAdapter

    def extract_email_addresses(self, data):
        addresses = super().extract_email_addresses(data)
        if self.app.settings.get("trust_email"):
            # A provider that only issues its own directory's addresses and sends no
            # email_verified (Entra ID): OIDC_<ID>_TRUST_EMAIL=true vouches for them.
            for address in addresses:
                address.verified = True
        return addresses

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(request, process, next_url, data, auth_params=auth_params,
                                nonce=nonce, **kwargs)


class CheckedCallbackView(OAuth2CallbackView):
    def _get_state(self, request: HttpRequest, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


def login(request: HttpRequest, provider_id: str):
    """Start the sign-in: a provider that cannot be reached gets a clear page, not a 500."""
    adapter = CheckedAdapter(request, provider_id)
    try:
        response = OAuth2LoginView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as error:
        raise Http404("No such sign-in provider.") from error
    except (RequestException, ValueError, KeyError):
        return failures.render(request, failures.PROVIDER_DOWN)
    if isinstance(response, HttpResponseRedirect):
        # Our Content Security Policy lets forms post only to us (form-action 'self'), and
        # browsers apply that to the redirects after the post too: the way on to the provider
        # is a page of ours that moves on by itself (meta refresh) or by its link.
        name = adapter.get_provider().name
        return on_to_provider(request, response["Location"], name,
                              _("Signing in with %(name)s") % {"name": name})
    return response


def on_to_provider(request: HttpRequest, url: str, provider_name: str, heading: str):
    return render(request, "identity/sso_redirect.html",
                  {"url": url, "provider_name": provider_name, "heading": heading})


def callback(request: HttpRequest, provider_id: str):
    adapter = CheckedAdapter(request, provider_id)
    try:
        return CheckedCallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist as error:
        raise Http404("No such sign-in provider.") from error
    except (RequestException, ValueError, KeyError):
        return failures.render(request, failures.PROVIDER_DOWN)
