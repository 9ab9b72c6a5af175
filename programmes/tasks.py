"""Celery tasks: thin wrappers that take ids and call the outbox services."""

from celery import shared_task

from programmes.access import idempotency
from programmes.notifications import outbox, registry
from programmes.notifications.channels import TransientDeliveryError


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
    # The lease is renewed while the task runs, so a task stuck in a sender that ignores its
    # timeout is killed; its row is then taken again once the lease lapsed, like that of a
    # worker that died.
    time_limit=outbox.SEND_TIME_LIMIT,
)
def notification_deliver(self, notification_id: int) -> str:
    with outbox.Lease([notification_id]):
        outcome = outbox.notification_deliver(notification_id=notification_id)
    if outcome == "skipped" and outbox.notification_later(notification_id=notification_id):
        return "later"
    return outcome


@shared_task(
    acks_late=True,
    # Each row's send is bounded by the channels' timeouts, so the batch as a whole may run
    # longer than one row's limit.
    time_limit=outbox.SEND_TIME_LIMIT * 2,
)
def notifications_deliver_batch(notification_ids: list[int]) -> dict[str, int]:
    with outbox.Lease(notification_ids) as lease:
        return outbox.notifications_deliver_batch(notification_ids=notification_ids,
                                                  lease=lease)


@shared_task(ignore_result=True)
def notifications_due_scan() -> tuple[int, int]:
    return registry.due_scan()


@shared_task(ignore_result=True)
def notifications_enqueue_due() -> int:
    return outbox.notifications_enqueue_due()


@shared_task(ignore_result=True)
def idempotency_forget_expired() -> int:
    return idempotency.forget_expired()
