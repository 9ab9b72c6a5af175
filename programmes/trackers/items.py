"""What the app keeps of a tracker item, whichever tracker it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

BLOCKED_LABELS = frozenset({"blocked", "blocker", "impediment"})


@dataclass(frozen=True)
class Item:
    external_id: str
    key: str
    is_change: bool
    title: str
    url: str
    state: str  # an ItemState value
    blocked: bool
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime
    points: Decimal | None = None
    sprint: str = ""
    gone: bool = False  # deleted, or moved out of the mapped source


def is_blocked_label(labels) -> bool:
    return any(str(label).strip().lower() in BLOCKED_LABELS for label in labels)
