"""OpenID Connect providers from the environment, as django-allauth's settings want them.

OIDC_PROVIDERS names the providers (comma-separated ids: letters, digits, dashes); each id
has its variables, upper-cased with dashes as underscores, e.g. for `okta`:
OIDC_OKTA_NAME ("Sign in with <name>"), OIDC_OKTA_ISSUER (discovery is read from
<issuer>/.well-known/openid-configuration), OIDC_OKTA_CLIENT_ID, OIDC_OKTA_CLIENT_SECRET,
and optionally OIDC_OKTA_SCOPES (default "openid email profile"), OIDC_OKTA_GROUPS_CLAIM
(default "groups") and OIDC_OKTA_TRUST_EMAIL (default false: only an address the provider
marks email_verified links or creates a person; true for a provider that sends no
email_verified but issues only its own directory's addresses, as Entra ID). The redirect
URL to register with the provider is <SITE_URL>/accounts/oidc/<id>/login/callback/.
"""

from __future__ import annotations

import re

import environ

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def _var(provider_id: str, name: str) -> str:
    return f"OIDC_{provider_id.upper().replace('-', '_')}_{name}"


def oidc_apps(env: environ.Env) -> list[dict]:
    apps = []
    for provider_id in env.list("OIDC_PROVIDERS", default=[]):
        if not ID.match(provider_id):
            raise ValueError(f"OIDC_PROVIDERS: {provider_id!r} is not a valid provider id")
        apps.append({
            "provider_id": provider_id,
            "name": env.str(_var(provider_id, "NAME"), default=provider_id),
            "client_id": env.str(_var(provider_id, "CLIENT_ID")),
            "secret": env.str(_var(provider_id, "CLIENT_SECRET"), default=""),
            "settings": {
                "server_url": env.str(_var(provider_id, "ISSUER")).rstrip("/"),
                "scope": env.str(_var(provider_id, "SCOPES"),
                                 default="openid email profile").split(),
                "groups_claim": env.str(_var(provider_id, "GROUPS_CLAIM"), default="groups"),
                "trust_email": env.bool(_var(provider_id, "TRUST_EMAIL"), default=False),
                "oauth_pkce_enabled": True,
            },
        })
    return apps
