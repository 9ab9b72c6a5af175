"""The one clock of a test run: `TEST_NOW=<ISO 8601 moment>` moves it for the whole run.

time-machine moves `time.time()`, `datetime.now()` and Django's `timezone.now()` in this
process, with the clock ticking on from the moment given. Processes the suite starts (a real
Celery worker) are started through `python -m tests.clocked`, which travels to this process's
current moment, so every clock of the run agrees. The database computes no time of its own
(tests/project/test_one_clock.py keeps it so), so nothing else needs moving.
"""

from __future__ import annotations

import os
from datetime import datetime

import time_machine

VARIABLE = "TEST_NOW"


def moment_from(value: str) -> datetime:
    """The aware moment that `value` names; a naive one is refused, since it is ambiguous."""
    moment = datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        raise ValueError(f"{VARIABLE}={value!r} needs a UTC offset, "
                         "e.g. 2027-03-28T08:00:00+00:00.")
    return moment


def travel_from_environment() -> time_machine.travel | None:
    """Start travelling to $TEST_NOW (ticking on from there); None when it is not set."""
    value = os.environ.get(VARIABLE, "")
    if not value.strip():
        return None
    traveller = time_machine.travel(moment_from(value), tick=True)
    traveller.start()
    return traveller


def environment_for_child() -> dict[str, str]:
    """What a process started now needs in its environment to share this process's clock."""
    if not os.environ.get(VARIABLE, "").strip():
        return {}
    return {VARIABLE: datetime.now().astimezone().isoformat()}
