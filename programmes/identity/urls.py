"""The programme's sign-in settings page (included by programmes/urls.py); the account-wide
pages (single sign-on, two-factor, sign-out) are in `account_urlpatterns`, mounted by
metascrum/urls.py under /accounts/."""

from django.urls import path

from programmes.identity import oidc, views

urlpatterns = [
    path("p/<slug:slug>/sign-in/", views.sign_in_settings, name="sign_in_settings"),
    path("p/<slug:slug>/sign-in/groups/<int:mapping_id>/remove/", views.group_mapping_remove,
         name="group_mapping_remove"),
]

# allauth builds its links from these names (openid_connect_login, openid_connect_callback).
account_urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(),
         name="accept_invitation"),
    path("password_reset/", views.PasswordResetPage.as_view(), name="password_reset"),
    path("logout/", views.sign_out, name="logout"),
    path("oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback,
         name="openid_connect_callback"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
