"""The update form's draft from the team's trackers, since the team's previous update (the
drafting itself is programmes/trackers/drafts.py, shared with the chat app's dialog)."""

from __future__ import annotations

from ceremonies.models import DailyUpdate, Meeting
from programmes.models import Team
from programmes.trackers.drafts import PER_LIST, Draft, line, team_draft

__all__ = ["PER_LIST", "Draft", "line", "tracker_draft"]


def tracker_draft(team: Team, *, meeting: Meeting | None) -> Draft:
    previous = (DailyUpdate.objects.filter(team=team).exclude(meeting=meeting)
                .order_by("-posted_at").values_list("posted_at", flat=True).first())
    return team_draft(team, previous)
