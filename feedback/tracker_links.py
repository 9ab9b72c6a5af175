"""Links from a feedback item or impediment to a work-tracker item, and who is asked to close
the loop when that item closes (the originator, never anyone on their behalf)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from feedback.models import FeedbackEvent, FeedbackItem, TrackerLink
from programmes.models import Person, TrackerItem


def tracker_item_find(item: FeedbackItem, reference: str) -> TrackerItem:
    """The programme's tracker item with this link or key (PAY-7, acme/ledger#12)."""
    reference = reference.strip()
    if not reference:
        raise ValidationError("Give the item's link or key, e.g. PAY-7 or acme/ledger#12.")
    items = TrackerItem.objects.filter(mapping__connection__programme=item.programme)
    source, hash_, number = reference.rpartition("#")
    if reference.startswith(("http://", "https://")):
        found = list(items.filter(url=reference)[:2])
    elif hash_ and source:
        found = list(items.filter(mapping__source=source, key=f"#{number}")[:2])
    else:
        found = list(items.filter(Q(key=reference))[:2])
    if not found:
        raise ValidationError(f"No item “{reference}” in this programme's trackers.")
    if len(found) > 1:
        raise ValidationError(f"“{reference}” names several items: paste its link instead.")
    return found[0]


def tracker_link_add(*, item: FeedbackItem, reference: str, by: Person) -> TrackerLink:
    tracker_item = tracker_item_find(item, reference)
    try:
        with transaction.atomic():
            link = TrackerLink.objects.create(item=item, tracker_item=tracker_item,
                                              linked_by=by, linked_at=timezone.now())
            FeedbackEvent.objects.create(
                item=item, kind=FeedbackEvent.Kind.COMMENT, actor=by, at=link.linked_at,
                text=f"Linked to {tracker_item.key} “{tracker_item.title}” ({tracker_item.url})")
    except IntegrityError as exc:
        raise ValidationError(f"Already linked to {tracker_item.key}.") from exc
    return link


def closed_links_to_tell(since) -> list[TrackerLink]:
    """Links of open items whose tracker item closed after `since`: the originator is asked."""
    return list(TrackerLink.objects.filter(
        item__state__in=FeedbackItem.OPEN_STATES, tracker_item__state="done",
        tracker_item__closed_at__gte=since)
        .select_related("item__programme", "item__raised_by", "tracker_item"))
