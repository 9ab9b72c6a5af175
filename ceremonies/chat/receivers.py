"""A posted update goes to the chat app's channel, by a worker once the post is committed."""

import logging

from django.db import transaction
from django.dispatch import receiver

from ceremonies.chat import broadcast, tasks
from ceremonies.updates.services import update_posted

logger = logging.getLogger(__name__)


def _queue(update_id: int) -> None:
    try:
        tasks.chat_broadcast.delay(update_id)
    except Exception:  # a broker that is down must not fail the post itself
        logger.warning("Broker unavailable: update %s is not broadcast to chat.", update_id,
                       exc_info=True)


@receiver(update_posted)
def broadcast_posted_update(sender, update, **kwargs):
    if broadcast.wants_broadcast(update):
        transaction.on_commit(lambda: _queue(update.pk))
