"""The moments the suite must pass at, whatever day it really is.

`python -m tests.moments --pick 2` prints two of them at random, one a line: `make test` runs
the suite again at each (TEST_NOW=…, without browser tests), so every CI run covers two more.
Times of day are chosen so that UTC and the programmes' own dates differ in some of them.
"""

from __future__ import annotations

import argparse
import random

MOMENTS = {
    "2027-02-01T09:00:00+00:00": "Monday the 1st, the day before a first Tuesday",
    "2027-02-02T16:00:00+00:00": "the first Tuesday, after its Steering Committee",
    "2027-02-28T23:30:00+00:00": "Sunday the 28th, late: already Monday in Europe",
    "2027-03-14T12:00:00+00:00": "daylight saving starts in America/New_York",
    "2027-03-15T08:00:00+00:00": "the Monday after it",
    "2027-03-28T08:00:00+00:00": "daylight saving starts in Europe/London",
    "2027-03-29T07:30:00+00:00": "the Monday after it",
    "2027-04-29T10:00:00+00:00": "Thursday the 29th",
    "2027-05-31T08:00:00+00:00": "Monday the 31st, the day before a first Tuesday",
    "2027-06-01T08:00:00+00:00": "the first Tuesday, before its Steering Committee",
    "2027-06-30T21:00:00+00:00": "Wednesday the 30th, evening",
    "2027-07-31T00:30:00+00:00": "Saturday the 31st, just after midnight",
    "2027-09-15T13:00:00+00:00": "Wednesday the 15th",
    "2027-10-31T09:00:00+00:00": "daylight saving ends in Europe/London (Sunday the 31st)",
    "2027-11-01T09:00:00+00:00": "the Monday after it, the 1st",
    "2027-11-07T15:00:00+00:00": "daylight saving ends in America/New_York",
    "2027-11-08T09:00:00+00:00": "the Monday after it",
    "2027-12-31T23:00:00+00:00": "New Year's Eve, Friday, an hour before the year turns",
    "2028-01-01T10:00:00+00:00": "New Year's Day, a Saturday",
    "2028-02-29T12:00:00+00:00": "29 February, a Tuesday",
}


def pick(count: int, rng: random.Random | None = None) -> list[str]:
    return (rng or random.Random()).sample(sorted(MOMENTS), count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pick", type=int, default=len(MOMENTS), help="how many, at random")
    args = parser.parse_args()
    for moment in pick(min(args.pick, len(MOMENTS))):
        print(moment)


if __name__ == "__main__":
    main()
