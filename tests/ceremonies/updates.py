"""Shared clocks and a helper to post an update, for the daily-update tests."""

from datetime import UTC, datetime

from ceremonies.updates import update_save

BEFORE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the test meeting starts 09:30 UTC


def post(team, by, *, version=None, at=BEFORE, **fields):
    fields.setdefault("done", "Shipped the ledger export")
    return update_save(team=team, by=by, version=version, at=at, **fields)
