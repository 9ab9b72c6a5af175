"""Lengths of time carry their units, so "11:45" is never mistaken for a time of day."""

import pytest

from ceremonies.templatetags.durations import clock, duration, overrun


@pytest.mark.parametrize(("seconds", "said"), [
    (705, "11 min 45 s"), (100, "1 min 40 s"), (900, "15 min"), (45, "45 s"), (0, "0 s"),
    (3900, "1 h 5 min"), (3603, "1 h 3 s"), (-155, "2 min 35 s"), (None, "—"), ("", "—"),
])
def test_a_duration_names_its_units(seconds, said):
    assert duration(seconds) == said


@pytest.mark.parametrize(("seconds", "said"), [
    (155, "2 min 35 s over"), (-30, "30 s under"), (0, "on time"), (None, "—"),
])
def test_an_overrun_says_over_or_under(seconds, said):
    assert overrun(seconds) == said


def test_the_countdown_alone_stays_a_clock():
    assert (clock(705), clock(-5), clock(3725)) == ("11:45", "−0:05", "1:02:05")
