"""The demo is ready to use whatever the day: a meeting of each kind is ahead of now."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ceremonies.models import Kind, Meeting

# The edges of the month, the year, a sprint and a Steering Committee; `make test` runs the
# whole suite, this test included, at two more of tests/moments.py's moments.
EDGES = ["2027-02-01T09:00:00+00:00", "2027-02-02T16:00:00+00:00", "2027-03-28T08:00:00+00:00",
         "2027-07-31T00:30:00+00:00", "2027-12-31T23:00:00+00:00", "2028-02-29T12:00:00+00:00"]


@pytest.mark.parametrize("moment", [pytest.param(m, marks=pytest.mark.clock(m), id=m[:16])
                                    for m in EDGES])
def test_the_demo_has_a_meeting_of_each_kind_ahead(db, moment):
    call_command("load_demo", stdout=StringIO())
    ahead = Meeting.objects.filter(state=Meeting.State.SCHEDULED,
                                   scheduled_start__gt=timezone.now())
    assert set(ahead.values_list("kind", flat=True)) == set(Kind.values)
