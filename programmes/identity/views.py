from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter as social_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordResetConfirmView, PasswordResetView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from programmes import demo
from programmes.access.backends import password_sign_in_allowed
from programmes.access.decorators import with_programme
from programmes.access.second_factor import BY_PASSWORD, SIGNED_IN_BY, has_totp
from programmes.audit import audit_record
from programmes.identity import oidc, twofactor
from programmes.identity import sign_out as provider_sign_out
from programmes.identity.forms import (
    CodeForm,
    EnrolForm,
    GroupMappingForm,
    RequireTwoFactorForm,
    SignInForm,
)
from programmes.models import GroupRoleMapping, Person
from programmes.permissions import Access

PENDING = "metascrum_second_factor_pending"
ENROL_SECRET = "metascrum_totp_enrol_secret"
MAX_WRONG_CODES = 5


def sso_providers(request: HttpRequest) -> list[dict]:
    """Each identity provider configured: its name and where its sign-in starts."""
    return [{"name": provider.name, "url": provider.get_login_url(request)}
            for provider in social_adapter(request).list_providers(request)]


class SignInView(LoginView):
    """Email and password (unless switched off), "Sign in with <provider>" for each identity
    provider configured, a second factor for those who turned it on; in demo mode
    (`make run`) it also lists the demo accounts."""

    form_class = SignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(providers=sso_providers(self.request),
                       password_sign_in=settings.PASSWORD_SIGN_IN)
        if settings.METASCRUM_DEMO and demo.is_loaded():
            context.update(demo_accounts=demo.accounts(), demo_password=demo.DEMO_PASSWORD)
        return context

    def form_valid(self, form):
        person = form.get_user()
        if has_totp(person):
            self.request.session[PENDING] = {
                "person": person.pk, "backend": person.backend,
                "next": self.get_success_url(), "wrong": 0}
            return redirect("two_factor_verify")
        response = super().form_valid(form)
        self.request.session[SIGNED_IN_BY] = BY_PASSWORD
        return response


class InvitationView(PasswordResetConfirmView):
    """An invitation: the person chooses a password and is signed in. Where password sign-in
    is switched off, it sets no password: the page sends them to the company's identity
    provider instead (break-glass admins aside)."""

    template_name = "registration/accept_invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("programmes:mine")

    def sso_only(self) -> bool:
        return self.user is not None and not password_sign_in_allowed(self.user.email)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(sso_only=self.sso_only(), providers=sso_providers(self.request))
        return context

    def form_valid(self, form):
        if self.sso_only():
            return self.render_to_response(self.get_context_data(form=form))
        return super().form_valid(form)


class ResetForm(PasswordResetForm):
    """Where password sign-in is switched off, only break-glass admins get a reset link."""

    def get_users(self, email):
        return (user for user in super().get_users(email)
                if password_sign_in_allowed(user.email))

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # In the person's language; if they chose none, in the one they asked in.
        user = context["user"]
        with translation.override(user.language or translation.get_language()):
            super().send_mail(subject_template_name, email_template_name, context,
                              *args, **kwargs)


class PasswordResetPage(PasswordResetView):
    form_class = ResetForm


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a password sign-in: a code from the app, or a recovery code."""
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("login")
    person = Person.objects.filter(pk=pending["person"], is_active=True).first()
    if person is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        used = twofactor.verify(person, form.cleaned_data["code"])
        if used:
            request.session.pop(PENDING, None)
            login(request, person, backend=pending["backend"])
            request.session[SIGNED_IN_BY] = BY_PASSWORD
            if used == "recovery":
                left = twofactor.recovery_codes_left(person)
                messages.warning(request, ngettext(
                    "You used a recovery code; %(left)d left. Each works once.",
                    "You used a recovery code; %(left)d left. Each works once.", left)
                    % {"left": left})
            return redirect(pending["next"])
        pending["wrong"] += 1
        if pending["wrong"] >= MAX_WRONG_CODES:
            request.session.pop(PENDING, None)
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("login")
        request.session[PENDING] = pending
        form.add_error("code", _("That code is not right. Check your app's clock, or use a "
                                 "recovery code."))
    return render(request, "identity/two_factor_verify.html", {"form": form})


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor authentication on (scan, confirm a code, keep the recovery codes) or
    off (with a code)."""
    person = request.user
    next_url = _safe_next(request)
    if has_totp(person):
        return _two_factor_on(request, person)
    secret = request.session.get(ENROL_SECRET) or twofactor.new_secret()
    request.session[ENROL_SECRET] = secret
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.enrol(person, secret, form.cleaned_data["code"])
        if codes is not None:
            request.session.pop(ENROL_SECRET, None)
            return render(request, "identity/two_factor_codes.html",
                          {"codes": codes, "next": next_url})
        form.add_error("code", _("That code is not right. Check that your phone's clock is "
                                 "right and type the code your app shows now."))
    return render(request, "identity/two_factor.html", {
        "form": form, "secret": secret, "next": next_url,
        "qr_code": twofactor.qr_code_data_uri(person, secret)})


def _two_factor_on(request: HttpRequest, person: Person) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(person, form.cleaned_data["code"]):
            twofactor.turn_off(person)
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two_factor")
        form.add_error("code", _("That code is not right."))
    return render(request, "identity/two_factor.html", {
        "enabled": True, "form": form,
        "codes_left": twofactor.recovery_codes_left(person)})


def _safe_next(request: HttpRequest) -> str:
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return ""


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End our session and, after single sign-on, the provider's (RP-initiated logout)."""
    at_provider = provider_sign_out.end_session(request)
    logout(request)
    if at_provider is None:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    url, name = at_provider
    # Not a redirect: the sign-out form posts to us, and our CSP (form-action 'self') also
    # governs the redirects that follow a post.
    return oidc.on_to_provider(request, url, name,
                               _("Signing you out of %(name)s") % {"name": name})


@with_programme(require="may_manage")
def sign_in_settings(request: HttpRequest, access: Access) -> HttpResponse:
    """The programme's sign-in rules: two-factor required, identity-provider groups → roles."""
    programme = access.programme
    posted = request.POST.get("form") if request.method == "POST" else None
    rule_form = RequireTwoFactorForm(request.POST if posted == "rule" else None,
                                     instance=programme, prefix="rule")
    mapping_form = GroupMappingForm(request.POST if posted == "mapping" else None,
                                    programme=programme, prefix="mapping")
    if posted == "rule" and rule_form.is_valid():
        with transaction.atomic():
            rule_form.save()
            state = "on" if programme.require_two_factor else "off"
            audit_record(programme=programme, actor=request.user,
                         action="programme.two_factor", obj=programme,
                         summary=f"Two-factor authentication required: {state}")
        messages.success(request, _("Saved: two-factor authentication is required.")
                         if programme.require_two_factor
                         else _("Saved: two-factor authentication is optional."))
        return redirect("programmes:sign_in_settings", slug=programme.slug)
    if posted == "mapping" and mapping_form.is_valid():
        with transaction.atomic():
            mapping = mapping_form.save()
            audit_record(programme=programme, actor=request.user,
                         action="group_mapping.add", obj=mapping, summary=str(mapping))
        messages.success(request, _("Added: %(mapping)s.") % {"mapping": mapping})
        return redirect("programmes:sign_in_settings", slug=programme.slug)
    mappings = (GroupRoleMapping.objects.filter(programme=programme)
                .select_related("team", "programme"))
    return render(request, "identity/sign_in_settings.html", {
        "access": access, "programme": programme, "rule_form": rule_form,
        "mapping_form": mapping_form, "mappings": mappings,
        "sso_configured": bool(sso_providers(request))})


@require_POST
@with_programme(require="may_manage")
def group_mapping_remove(request: HttpRequest, access: Access, mapping_id: int) -> HttpResponse:
    mapping = get_object_or_404(GroupRoleMapping.objects.select_related("team", "programme"),
                                pk=mapping_id, programme=access.programme)
    with transaction.atomic():
        audit_record(programme=access.programme, actor=request.user,
                     action="group_mapping.remove", obj=mapping, summary=str(mapping))
        mapping.delete()
    messages.success(request, _("Removed: %(mapping)s. People keep the role until their "
                                "next sign-in.") % {"mapping": mapping})
    return redirect("programmes:sign_in_settings", slug=access.programme.slug)
