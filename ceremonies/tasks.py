"""Celery tasks: thin wrappers around the ceremonies services (beat: metascrum/settings.py)."""

from celery import shared_task

from ceremonies.chat.tasks import (  # noqa: F401 (registered with the worker)
    chat_broadcast,
    chat_respond,
    chat_send_link,
)
from ceremonies.series.services import schedule_all


@shared_task(ignore_result=True)
def meetings_schedule() -> int:
    """Create every unpaused series' meetings MEETINGS_SCHEDULE_DAYS ahead; idempotent."""
    return schedule_all()

