"""Links from a feedback item or impediment to a work-tracker item, and who is asked to close
the loop when that item closes (the originator, never anyone on their behalf)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import FeedbackEvent, FeedbackItem, TrackerLink
from programmes.models import Person, Programme, TrackerItem


def tracker_item_find(programmes: list[Programme], reference: str) -> TrackerItem:
    """The tracker item of these programmes with this link or key (PAY-7, acme/ledger#12);
    one gone from its tracker is not found."""
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("Give the item's link or key, e.g. PAY-7 or acme/ledger#12."))
    items = TrackerItem.objects.filter(mapping__connection__programme__in=programmes,
                                       gone_at__isnull=True)
    source, hash_, number = reference.rpartition("#")
    if reference.startswith(("http://", "https://")):
        found = list(items.filter(url=reference)[:2])
    elif hash_ and source:
        found = list(items.filter(mapping__source=source, key=f"#{number}")[:2])
    else:
        found = list(items.filter(Q(key=reference))[:2])
    if not found:
        raise ValidationError(_("No item “%(reference)s” in this programme's trackers.")
                              % {"reference": reference})
    if len(found) > 1:
        raise ValidationError(_("“%(reference)s” names several items: paste its link instead.")
                              % {"reference": reference})
    return found[0]


def tracker_link_add(*, item: FeedbackItem, reference: str, by: Person) -> TrackerLink:
    tracker_item = tracker_item_find([item.programme], reference)
    try:
        with transaction.atomic():
            link = TrackerLink.objects.create(item=item, tracker_item=tracker_item,
                                              linked_by=by, linked_at=timezone.now())
            FeedbackEvent.objects.create(
                item=item, kind=FeedbackEvent.Kind.COMMENT, actor=by, at=link.linked_at,
                text=_("Linked to %(key)s “%(title)s” (%(url)s)")
                % {"key": tracker_item.key, "title": tracker_item.title,
                   "url": tracker_item.url})
    except IntegrityError as exc:
        raise ValidationError(_("Already linked to %(key)s.") % {"key": tracker_item.key}
                              ) from exc
    return link


def closed_links_to_tell(since) -> list[TrackerLink]:
    """Links of open items whose tracker item closed after `since`: the originator is asked."""
    return list(TrackerLink.objects.filter(
        item__state__in=FeedbackItem.OPEN_STATES, tracker_item__state="done",
        tracker_item__closed_at__gte=since)
        .select_related("item__programme", "item__raised_by", "tracker_item"))
