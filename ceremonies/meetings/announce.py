"""Say, once committed, that a meeting has a new version: the room pushes it to its watchers."""

from __future__ import annotations

from django.db import transaction

from ceremonies.models import Meeting
from metascrum.lib import pubsub


def channel_key(pk: int) -> str:
    return f"meeting:{pk}"


def version_changed(pk: int, version: int | None = None) -> None:
    """After the current transaction commits, publish the meeting's version (read then when
    the caller bumped it in the database without knowing the number)."""
    transaction.on_commit(lambda: _publish(pk, version))


def _publish(pk: int, version: int | None) -> None:
    if version is None:
        version = Meeting.objects.filter(pk=pk).values_list("version", flat=True).first()
        if version is None:
            return
    pubsub.publish(channel_key(pk), {"version": version})
