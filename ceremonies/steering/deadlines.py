"""Items with the stakeholders are expected answered by the next Steering Committee.

Registered with `feedback.services.register_stakeholder_deadline` on import (the app's
`ready()` imports this module); with no Steering Committee scheduled, the feedback settings'
number of days applies.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ceremonies.models import Kind, Meeting
from feedback.services import register_stakeholder_deadline

MIN_NOTICE = timedelta(days=1)  # an item raised an hour before the meeting waits for the next


@register_stakeholder_deadline
def next_steering_committee(*, programme, after: datetime) -> datetime | None:
    """The start of the holder programme's first Steering Committee a day or more away."""
    return (Meeting.objects.filter(programme=programme, kind=Kind.STEERING,
                                   state=Meeting.State.SCHEDULED,
                                   scheduled_start__gte=after + MIN_NOTICE)
            .order_by("scheduled_start").values_list("scheduled_start", flat=True).first())
