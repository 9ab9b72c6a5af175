"""After a single sign-on: the roles the person's groups give, and what sign-out needs."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from programmes.access.second_factor import BY_SSO, SIGNED_IN_BY
from programmes.identity import sign_out
from programmes.identity.groups import apply_group_roles, groups_from_claims


@receiver(user_logged_in, dispatch_uid="metascrum-sso-signed-in")
def after_single_sign_on(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is None:
        return
    app = sociallogin.account.get_provider(request).app
    data = sociallogin.account.extra_data
    claims = {**data.get("id_token", {}), **data.get("userinfo", {})}
    apply_group_roles(user, groups_from_claims(claims, app.settings.get("groups_claim",
                                                                         "groups")))
    request.session[SIGNED_IN_BY] = BY_SSO
    sign_out.remember(request, app.provider_id, getattr(request, "sso_id_token", ""))
