from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from metascrum.api import api
from metascrum.views import healthz
from programmes.identity.urls import account_urlpatterns
from programmes.views import settings_view, token_revoke, tokens

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # A visitor's choice of language (the footer of signed-out pages): a cookie, no URL prefix.
    path("i18n/setlang/", require_POST(set_language), name="set_language"),
    path("accounts/settings/", settings_view, name="settings"),
    path("accounts/tokens/", tokens, name="tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", token_revoke, name="token_revoke"),
    path("accounts/", include(account_urlpatterns)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("feedback.urls")),
    path("", include("ceremonies.urls")),
    path("", include("programmes.urls")),
]
