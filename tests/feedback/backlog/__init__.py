"""Helpers of the backlog tests: impediments and risks held by the cast's programme MSM."""

from feedback import services
from feedback.backlog.selectors import backlog


def raised(cast, *titles, kind="impediment"):
    return [services.feedback_raise(programme=cast.programme, kind=kind, title=title,
                                    direction="up", origin_team=cast.team,
                                    raised_by=cast.scrum_master)
            for title in titles]


def order(programme):
    return [(i.title, i.backlog_position) for i in backlog(programme)]
