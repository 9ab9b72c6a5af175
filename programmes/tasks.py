"""Celery tasks: thin wrappers that take ids and call the outbox services."""

from celery import shared_task

from . import outbox, reminders
from .channels import TransientDeliveryError


@shared_task(
    bind=True,
    acks_late=True,
    # Retries wrap only the external I/O: the service raises this after putting the row back
    # to pending with the same backoff, so the due-scan would also pick it up if this retry
    # were lost.
    autoretry_for=(TransientDeliveryError,),
    retry_backoff=outbox.RETRY_BACKOFF,
    retry_backoff_max=outbox.RETRY_BACKOFF_MAX,
    retry_jitter=False,
    max_retries=outbox.MAX_ATTEMPTS,
    # The claim is a lease of CLAIM_TIMEOUT: past it another worker may take the row. A task
    # stuck longer (a sender that ignores its timeout) is killed before that; its row is then
    # taken again after the lease, like that of a worker that died.
    time_limit=outbox.CLAIM_TIMEOUT.total_seconds() * 0.8,
)
def notification_deliver(self, notification_id: int) -> str:
    return outbox.notification_deliver(notification_id=notification_id)


@shared_task(
    acks_late=True,
    # Each row's claim is fresh when its turn comes and its send is bounded by the channels'
    # timeouts, so the batch as a whole may run longer than one lease.
    time_limit=outbox.CLAIM_TIMEOUT.total_seconds() * 0.8 * 2,
)
def notifications_deliver_batch(notification_ids: list[int]) -> dict[str, int]:
    return outbox.notifications_deliver_batch(notification_ids=notification_ids)


@shared_task(ignore_result=True)
def notifications_due_scan() -> tuple[int, int]:
    return reminders.due_scan()
