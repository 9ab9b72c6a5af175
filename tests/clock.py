"""The one clock of a test run: `TEST_NOW=<ISO 8601 moment>` moves it for the whole run.

time-machine moves `time.time()`, `datetime.now()` and Django's `timezone.now()` in this
process, with the clock ticking on from the moment given. Processes the suite starts (a real
Celery worker) are started through `python -m tests.clocked`, which keeps this process's offset
from the real clock, so every clock of the run agrees. The database computes no time of its own
(tests/project/test_one_clock.py keeps it so), so nothing else needs moving.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

import time_machine
from time_machine import escape_hatch

VARIABLE = "TEST_NOW"


def moment_from(value: str) -> datetime:
    """The aware moment that `value` names; a naive one is refused, since it is ambiguous."""
    moment = datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        raise ValueError(f"{VARIABLE}={value!r} needs a UTC offset, "
                         "e.g. 2027-03-28T08:00:00+00:00.")
    return moment


OFFSET = "TEST_CLOCK_OFFSET"  # seconds from the real clock: how a child process shares ours


def travel_from_environment() -> time_machine.travel | None:
    """Start travelling to $TEST_NOW (ticking on from there), or to where the parent process's
    clock stands ($TEST_CLOCK_OFFSET); None when neither is set."""
    offset, value = os.environ.get(OFFSET, ""), os.environ.get(VARIABLE, "")
    if offset.strip():
        destination = time.time() + float(offset)  # not travelling yet: the real clock
    elif value.strip():
        destination = moment_from(value)
    else:
        return None
    traveller = time_machine.travel(destination, tick=True)
    traveller.start()
    time.time()  # time-machine starts ticking at the first reading: make that now, not later
    return traveller


def environment_for_child() -> dict[str, str]:
    """What a process started now needs in its environment to share this process's clock,
    however long it takes to start: the offset from the real clock, not a moment."""
    if not escape_hatch.is_travelling():
        return {}
    return {OFFSET: repr(time.time() - escape_hatch.time.time())}
