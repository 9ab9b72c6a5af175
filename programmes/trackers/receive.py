"""A webhook delivery from a tracker: checked, applied once, never trusted unsigned."""

from __future__ import annotations

import json
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from programmes.models import TrackerConnection, TrackerDelivery, TrackerItem, TrackerMapping
from programmes.trackers.connectors import connector
from programmes.trackers.store import item_row


class Outcome(StrEnum):
    UNAUTHORISED = "unauthorised"  # wrong or missing signature/token: nothing changes
    MALFORMED = "malformed"  # not JSON, or no delivery id
    REPEATED = "repeated"  # this delivery id was applied before
    IGNORED = "ignored"  # another event, or a source mapped to no team
    APPLIED = "applied"


def delivery_receive(*, connection: TrackerConnection, headers, body: bytes) -> Outcome:
    """Verify, then apply the delivery once. A delivery older than what we hold (webhooks
    arrive out of order) is recorded but does not overwrite the newer state."""
    speaker = connector(connection.kind)
    if not speaker.verify(connection, headers, body):
        return Outcome.UNAUTHORISED
    delivery = speaker.delivery_id(headers)
    try:
        payload = json.loads(body)
    except ValueError:
        return Outcome.MALFORMED
    if not delivery or not isinstance(payload, dict):
        return Outcome.MALFORMED
    try:
        found = speaker.from_webhook(connection, headers, payload)
    except (KeyError, TypeError, ValueError):
        return Outcome.MALFORMED
    try:
        with transaction.atomic():
            TrackerDelivery.objects.create(connection=connection, delivery_id=delivery[:200])
            if found is None:
                return Outcome.IGNORED
            source, item = found
            mapping = TrackerMapping.objects.filter(connection=connection, source=source).first()
            if mapping is None:
                return Outcome.IGNORED
            _store_if_newer(mapping, item)
    except IntegrityError:
        return Outcome.REPEATED
    return Outcome.APPLIED


def _store_if_newer(mapping: TrackerMapping, item) -> None:
    held = (TrackerItem.objects.select_for_update()
            .filter(mapping=mapping, external_id=item.external_id).first())
    if item.gone:  # deleted or moved away: final, whatever the order of deliveries
        if held is not None and held.gone_at is None:
            held.gone_at = timezone.now()
            held.save(update_fields=["gone_at"])
        return
    if held is None:
        item_row(mapping, item).save()
    elif held.updated_at <= item.updated_at:
        row = item_row(mapping, item)
        row.pk = held.pk
        row.save()
