"""Services for a programme's chat webhooks (Slack- and Teams-compatible incoming webhooks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from metascrum.lib.links import absolute
from programmes.audit import audit_record
from programmes.models import ChatWebhook, Notification, Person
from programmes.notifications import channels, outbox

TEST_KIND = "webhook_test"


def _clash(webhook: ChatWebhook) -> ValidationError | None:
    others = ChatWebhook.objects.filter(programme=webhook.programme).exclude(pk=webhook.pk)
    if webhook.team_id is None and others.filter(team=None).exists():
        return ValidationError({"team": _("The programme already has its chat webhook; edit "
                                          "that one or choose a team.")})
    if webhook.team_id is not None and ChatWebhook.objects.filter(team=webhook.team).exclude(
            pk=webhook.pk).exists():
        return ValidationError({"team": _("%(team)s already has a chat webhook.") % {
            "team": webhook.team}})
    return None


def chat_webhook_save(*, webhook: ChatWebhook, by: Person) -> ChatWebhook:
    """Create or update; one webhook for the programme and at most one per team."""
    if webhook.team_id is not None and webhook.team.programme_id != webhook.programme_id:
        raise ValidationError({"team": _("Choose a team of this programme.")})
    clash = _clash(webhook)
    if clash is not None:
        raise clash
    webhook.full_clean(validate_constraints=False)  # checked above, with clearer messages
    creating = webhook.pk is None
    try:
        with transaction.atomic():
            webhook.save()
            audit_record(programme=webhook.programme, actor=by,
                         action="chat_webhook.create" if creating else "chat_webhook.update",
                         obj=webhook, summary=f"Chat webhook “{webhook}” "
                                              f"{'added' if creating else 'changed'}")
    except IntegrityError as error:  # someone added one at the same moment
        raise _clash(webhook) or ValidationError(_("This webhook clashes with another.")) from error
    return webhook


def chat_webhook_remove(*, webhook: ChatWebhook, by: Person) -> None:
    with transaction.atomic():
        audit_record(programme=webhook.programme, actor=by, action="chat_webhook.remove",
                     obj=webhook, summary=f"Chat webhook “{webhook}” removed")
        webhook.delete()


def chat_webhook_test(*, webhook: ChatWebhook, by: Person) -> str:
    """Post a test message now, through the outbox; "sent", "failed" or "retrying"."""
    now = timezone.now()
    link = absolute(reverse("programmes:integrations",
                                     kwargs={"slug": webhook.programme.slug}))
    subject = _("metascrum test message")
    text = _("%(person)s checked that “%(name)s” reaches this channel.") % {
        "person": by, "name": webhook.name}
    row = Notification.objects.create(
        programme=webhook.programme, recipient=by, kind=TEST_KIND,
        object_ref=f"chatwebhook:{webhook.pk}", occurrence=now.isoformat(),
        channel=Notification.Channel.CHAT, webhook=webhook, address=webhook.url,
        subject=subject, text=text, link=link, due_at=now,
        webhook_payload=channels.chat_payload(webhook.flavour, subject=subject, text=text,
                                              link=link))
    return outbox.deliver_now(row)
