"""Celery tasks of the chat app: what must not keep the platform waiting (it wants an answer
within 3 seconds). Thin over the services; a rate-limited call waits as long as the platform
asks, other transient failures back off exponentially."""

from __future__ import annotations

from celery import shared_task

from ceremonies.chat import broadcast, linking
from programmes.models import ChatApp
from programmes.notifications import chat_app
from programmes.notifications.chat_app import Message

RETRIES = 6


def _retry(task, error: chat_app.TransientDeliveryError):
    countdown = getattr(error, "retry_after", None) or min(5 * 2 ** task.request.retries, 600)
    return task.retry(exc=error, countdown=countdown)


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def chat_broadcast(self, update_id: int) -> str:
    try:
        return broadcast.broadcast_update(update_id)
    except broadcast.ClaimHeld as held:  # its worker may have died: look again when it lapses
        raise self.retry(exc=held, countdown=held.wait) from held
    except chat_app.TransientDeliveryError as error:
        raise _retry(self, error) from error


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def chat_send_link(self, app_id: int, user_id: str, token: str) -> None:
    app = ChatApp.objects.select_related("programme").get(pk=app_id)
    try:
        linking.link_send(app, user_id=user_id, token=token)
    except chat_app.TransientDeliveryError as error:
        raise _retry(self, error) from error


@shared_task(bind=True, acks_late=True, max_retries=RETRIES)
def chat_respond(self, app_id: int, origin: dict, message: dict, replace: bool = True) -> None:
    """Change the message a button was on (or answer its presser) once the action is done."""
    app = ChatApp.objects.select_related("programme").get(pk=app_id)
    try:
        if origin.get("response_url"):
            chat_app.respond(app, origin["response_url"], Message.from_dict(message),
                             replace=replace)
        elif origin.get("post_id"):
            chat_app.update_post(app, origin["post_id"], Message.from_dict(message))
    except chat_app.TransientDeliveryError as error:
        raise _retry(self, error) from error
