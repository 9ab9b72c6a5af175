"""Identity providers come from the environment (metascrum/oidc_env.py)."""

import environ
import pytest

from metascrum.oidc_env import oidc_apps


def apps_from(variables: dict) -> list[dict]:
    environ.Env.ENVIRON = variables
    try:
        return oidc_apps(environ.Env())
    finally:
        environ.Env.ENVIRON = __import__("os").environ


def test_each_listed_provider_becomes_an_app_with_pkce():
    apps = apps_from({
        "OIDC_PROVIDERS": "okta,entra-id",
        "OIDC_OKTA_NAME": "Okta", "OIDC_OKTA_ISSUER": "https://org.okta.com/",
        "OIDC_OKTA_CLIENT_ID": "okta-client", "OIDC_OKTA_CLIENT_SECRET": "s",
        "OIDC_OKTA_SCOPES": "openid email profile groups",
        "OIDC_ENTRA_ID_ISSUER": "https://login.microsoftonline.com/t/v2.0",
        "OIDC_ENTRA_ID_CLIENT_ID": "entra-client", "OIDC_ENTRA_ID_TRUST_EMAIL": "true"})
    okta, entra = apps
    assert (okta["provider_id"], okta["name"], okta["client_id"]) == ("okta", "Okta",
                                                                      "okta-client")
    assert okta["settings"]["server_url"] == "https://org.okta.com"
    assert okta["settings"]["scope"] == ["openid", "email", "profile", "groups"]
    assert okta["settings"]["oauth_pkce_enabled"] is True
    assert okta["settings"]["trust_email"] is False
    assert entra["name"] == "entra-id" and entra["settings"]["trust_email"] is True
    assert entra["settings"]["groups_claim"] == "groups"


def test_no_provider_means_none():
    assert apps_from({}) == []


def test_a_provider_without_its_issuer_refuses_to_start():
    with pytest.raises(environ.ImproperlyConfigured):
        apps_from({"OIDC_PROVIDERS": "okta", "OIDC_OKTA_CLIENT_ID": "c"})


def test_a_bad_provider_id_refuses_to_start():
    with pytest.raises(ValueError, match="not a valid provider id"):
        apps_from({"OIDC_PROVIDERS": "Okta/Prod"})
