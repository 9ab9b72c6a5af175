"""The programme's Integrations page: chat webhooks in, outgoing webhooks out (MSM only)."""

from copy import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from metascrum.lib.forms import apply_errors
from programmes.access.decorators import with_programme
from programmes.models import ChatApp, ChatWebhook, WebhookSubscription
from programmes.notifications import (
    channels,
    chat_apps,
    chat_webhooks,
    integration_panels,
    webhooks,
)
from programmes.notifications.webhook_forms import ChatAppForm, ChatWebhookForm, SubscriptionForm
from programmes.permissions import Access

PAGE = "programmes/webhooks/integrations.html"
OUTCOMES = {
    "sent": (messages.SUCCESS, gettext_lazy("Test sent: “%(name)s” accepted it.")),
    "failed": (messages.ERROR,
               gettext_lazy("Test failed: “%(name)s” refused it for good (see below).")),
    "retrying": (messages.WARNING,
                 gettext_lazy("“%(name)s” did not answer; the test will be retried.")),
    "skipped": (messages.INFO, gettext_lazy("The test for “%(name)s” is already on its way.")),
}


def _page(request, access: Access, *, chat_form=None, hook_form=None, new_secret=None,
          app_form=None, status=200) -> HttpResponse:
    programme = access.programme
    app = _chat_app(access)
    context = {
        "chat_app": app,
        "chat_app_form": app_form or ChatAppForm(instance=app or ChatApp(programme=programme),
                                                 prefix="app"),
        "chat_app_endpoints": chat_apps.chat_app_endpoints(app) if app else None,
        "chat_app_linked": app.identities.count() if app else 0,
        "access": access, "programme": programme, "new_secret": new_secret,
        "chat_webhooks": list(ChatWebhook.objects.filter(programme=programme)
                              .select_related("team").order_by("team__name", "name")),
        "subscriptions": webhooks.programme_subscriptions(programme),
        "deliveries": webhooks.recent_deliveries(programme),
        "chat_form": chat_form or ChatWebhookForm(programme=programme, prefix="chat"),
        "hook_form": hook_form or SubscriptionForm(prefix="hook"),
        "now": timezone.now(), "overlap_hours": settings.WEBHOOK_SECRET_OVERLAP_HOURS,
        "legacy_headers_until": channels.LEGACY_HEADERS_UNTIL,
        "panels": integration_panels.panels.for_page(programme),
    }
    return render(request, PAGE, context, status=status)


def _back(access: Access) -> HttpResponse:
    return redirect("programmes:integrations", slug=access.programme.slug)


def _tell(request, outcome: str, name: str) -> None:
    level, text = OUTCOMES[outcome]
    messages.add_message(request, level, str(text) % {"name": name})


@with_programme(require="may_manage")
@require_safe
def integrations(request: HttpRequest, access: Access) -> HttpResponse:
    return _page(request, access)


# --- the chat app -------------------------------------------------------------------------------

def _chat_app(access: Access) -> ChatApp | None:
    return ChatApp.objects.filter(programme=access.programme).select_related("programme").first()


@require_POST
@with_programme(require="may_manage")
def chat_app_install(request: HttpRequest, access: Access) -> HttpResponse:
    app = _chat_app(access) or ChatApp(programme=access.programme)
    installed = app.pk is not None
    form = ChatAppForm(request.POST, instance=app, prefix="app")
    if form.is_valid():
        try:
            chat_apps.chat_app_save(app=form.instance, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = (_("%(platform)s app saved. Paste its addresses into the app's settings.")
                    if installed else
                    _("%(platform)s app installed. Paste its addresses into the app's "
                      "settings."))
            messages.success(request, done % {"platform": app.get_platform_display()})
            return _back(access)
    return _page(request, access, app_form=form, status=400)


@require_POST
@with_programme(require="may_manage")
def chat_app_remove(request: HttpRequest, access: Access) -> HttpResponse:
    app = _chat_app(access)
    if app is not None:
        chat_apps.chat_app_remove(app=app, by=request.user)
        messages.success(request, _("The chat app is removed; nobody acts from chat any more."))
    return _back(access)


# --- chat webhooks ------------------------------------------------------------------------------

def _chat_webhook(access: Access, chat_webhook_id: int) -> ChatWebhook:
    return get_object_or_404(ChatWebhook.objects.select_related("team", "programme"),
                             programme=access.programme, pk=chat_webhook_id)


@require_POST
@with_programme(require="may_manage")
def chat_webhook_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = ChatWebhookForm(request.POST, programme=access.programme, prefix="chat",
                           instance=ChatWebhook(programme=access.programme))
    if form.is_valid():
        try:
            hook = chat_webhooks.chat_webhook_save(webhook=form.instance, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Chat webhook “%(name)s” added. Send it a test.")
                             % {"name": hook})
            return _back(access)
    return _page(request, access, chat_form=form, status=400)


@with_programme(require="may_manage")
def chat_webhook_edit(request: HttpRequest, access: Access, chat_webhook_id: int
                      ) -> HttpResponse:
    hook = _chat_webhook(access, chat_webhook_id)
    form = ChatWebhookForm(request.POST or None, instance=copy(hook),
                           programme=access.programme, editing=True)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                chat_webhooks.chat_webhook_save(webhook=form.instance, by=request.user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Chat webhook “%(name)s” saved.")
                                 % {"name": form.instance})
                return _back(access)
    return render(request, "programmes/webhooks/chat_edit.html",
                  {"access": access, "programme": access.programme, "hook": hook,
                   "form": form}, status=status)


@require_POST
@with_programme(require="may_manage")
def chat_webhook_remove(request: HttpRequest, access: Access, chat_webhook_id: int
                        ) -> HttpResponse:
    hook = _chat_webhook(access, chat_webhook_id)
    chat_webhooks.chat_webhook_remove(webhook=hook, by=request.user)
    messages.success(request, _("Chat webhook “%(name)s” removed.") % {"name": hook})
    return _back(access)


@require_POST
@with_programme(require="may_manage")
def chat_webhook_test(request: HttpRequest, access: Access, chat_webhook_id: int
                      ) -> HttpResponse:
    hook = _chat_webhook(access, chat_webhook_id)
    _tell(request, chat_webhooks.chat_webhook_test(webhook=hook, by=request.user), hook.name)
    return _back(access)


# --- outgoing webhooks --------------------------------------------------------------------------

def _subscription(access: Access, subscription_id: int) -> WebhookSubscription:
    return get_object_or_404(WebhookSubscription.objects.select_related("programme"),
                             programme=access.programme, pk=subscription_id)


@require_POST
@with_programme(require="may_manage")
def webhook_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = SubscriptionForm(request.POST, prefix="hook")
    if form.is_valid():
        try:
            subscription = webhooks.subscription_create(
                programme=access.programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # Shown here once, never stored in a message or a redirect.
            return _page(request, access, new_secret=subscription)
    return _page(request, access, hook_form=form, status=400)


@require_POST
@with_programme(require="may_manage")
def webhook_toggle(request: HttpRequest, access: Access, subscription_id: int
                   ) -> HttpResponse:
    subscription = _subscription(access, subscription_id)
    webhooks.subscription_set_active(subscription=subscription, by=request.user,
                                     active=not subscription.active)
    done = (_("Outgoing webhook “%(name)s” enabled.") if subscription.active
            else _("Outgoing webhook “%(name)s” disabled: nothing more is sent to it."))
    messages.success(request, done % {"name": subscription})
    return _back(access)


@require_POST
@with_programme(require="may_manage")
def webhook_rotate(request: HttpRequest, access: Access, subscription_id: int
                   ) -> HttpResponse:
    subscription = webhooks.subscription_rotate_secret(
        subscription=_subscription(access, subscription_id), by=request.user)
    # Shown here once, as when it was added.
    return _page(request, access, new_secret=subscription)


@require_POST
@with_programme(require="may_manage")
def webhook_test(request: HttpRequest, access: Access, subscription_id: int) -> HttpResponse:
    subscription = _subscription(access, subscription_id)
    _tell(request, webhooks.subscription_ping(subscription=subscription, by=request.user),
          subscription.name)
    return _back(access)
