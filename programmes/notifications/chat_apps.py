"""Installing a programme's chat app (the MSM, on the Integrations page)."""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from metascrum.lib.links import absolute
from programmes.audit import audit_record
from programmes.models import ChatApp, Person


def chat_app_save(*, app: ChatApp, by: Person) -> ChatApp:
    """Install or change; the secrets are stored encrypted (EncryptedTextField)."""
    if app.platform == ChatApp.Platform.MATTERMOST and not app.api_url:
        raise ValidationError({"api_url": _("Give your Mattermost server's address.")})
    if not app.signing_secret:
        raise ValidationError({"signing_secret": _(
            "Paste the signing secret (Slack), the slash command's token (Mattermost) or the "
            "outgoing webhook's security token (Teams).")})
    if app.platform == ChatApp.Platform.TEAMS:
        _teams_token_check(app.signing_secret)
    elif not app.bot_token:
        raise ValidationError({"bot_token": _("Paste the bot's token: the app writes with "
                                              "it.")})
    creating = app.pk is None
    if creating:
        app.installed_by = by
    app.full_clean(exclude=["programme", "installed_by"])
    with transaction.atomic():
        app.save()
        audit_record(programme=app.programme, actor=by,
                     action="chat_app.install" if creating else "chat_app.update", obj=app,
                     summary=f"{app.get_platform_display()} app "
                             f"{'installed' if creating else 'changed'}")
    return app


def _teams_token_check(token: str) -> None:
    try:
        base64.b64decode(token, validate=True)
    except (ValueError, binascii.Error):
        raise ValidationError({"signing_secret": _(
            "This is not the security token Teams showed when the outgoing webhook was "
            "created: paste it exactly as shown.")}) from None


def chat_app_remove(*, app: ChatApp, by: Person) -> None:
    with transaction.atomic():
        audit_record(programme=app.programme, actor=by, action="chat_app.remove", obj=app,
                     summary=f"{app.get_platform_display()} app removed; its links to people "
                             f"are gone")
        app.delete()


def chat_app_endpoints(app: ChatApp) -> dict[str, str]:
    """The addresses to paste into the platform's app settings."""
    kwargs = {"slug": app.programme.slug, "platform": app.platform}
    commands = absolute(reverse("ceremonies:chat_commands", kwargs=kwargs))
    if app.platform == ChatApp.Platform.TEAMS:  # an outgoing webhook has one callback URL
        return {"commands": commands}
    return {"commands": commands,
            "interactions": absolute(reverse("ceremonies:chat_interactions", kwargs=kwargs))}
