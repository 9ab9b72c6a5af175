"""Data versions: what the pages that are costly at scale are cached under.

Each programme carries `data_version`. Once a transaction that changed something a programme's
pages show has committed, that programme and every programme above it (whose pages roll it up)
get a new, never used one. A page reads the version with its programme, before anything
else, and caches under it: whatever it computed is at least as new as that version, so a cached
page is never older than the last committed change. Bumping after the commit, not inside the
transaction, keeps the programme rows free of locks that writers across a tree would queue on.
A version is a random UUID rather than a counter, so that a programme saved from a stale copy,
which writes an old version back, can never make an old cached page current again: its own bump
follows at once with a fresh one.

Changes made with `QuerySet.update()` or `bulk_create()` send no signal: code that changes
watched data that way calls `changed()` itself.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save

from programmes.models import Programme

# How long a page cached under a data version may stand with nothing committed: what changes
# with the clock alone (a meeting starting, the next one coming up) is at most this old.
CACHED_PAGE_SECONDS = 60

_pending = threading.local()


def changed(*, programmes: Iterable[int | None] = (), teams: Iterable[int | None] = ()) -> None:
    """Bump these programmes (and teams' programmes), and all above them, once committed."""
    pending = _pending_sets()
    pending["programmes"].update(pk for pk in programmes if pk)
    pending["teams"].update(pk for pk in teams if pk)
    # One callback per call: a rolled-back transaction drops its callbacks, and what it left
    # pending is bumped with the next commit (one bump too many, never one too few). Robust: a
    # failed bump is logged and costs freshness for at most a cache timeout, not an error
    # page for a change that is already committed.
    transaction.on_commit(_bump, robust=True)


def _pending_sets() -> dict[str, set[int]]:
    if not hasattr(_pending, "sets"):
        _pending.sets = {"programmes": set(), "teams": set()}
    return _pending.sets


def _bump() -> None:
    pending = _pending_sets()
    programmes, teams = set(pending["programmes"]), set(pending["teams"])
    pending["programmes"].clear()
    pending["teams"].clear()
    if not programmes and not teams:
        return  # an earlier callback of the same transaction did it
    # One statement: every programme whose path is a prefix of a changed one's (itself, and
    # all above it, whose pages roll it up).
    changed_below = Programme.objects.filter(Q(pk__in=programmes) | Q(teams__in=teams),
                                             path__startswith=OuterRef("path"))
    Programme.objects.filter(Exists(changed_below)).update(data_version=uuid.uuid4())


def watch(model, *, programmes: Callable = lambda obj: (),
          teams: Callable = lambda obj: ()) -> None:
    """Bump on every save and delete of `model`; the callables give an instance's ids."""

    def receiver(sender, instance, **kwargs):
        changed(programmes=programmes(instance), teams=teams(instance))

    uid = f"data_version:{model._meta.label}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
