"""Fixed steering data for hand-computed pack figures (see test_steering_pack.py)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ceremonies.meetings import state as room
from ceremonies.models import DailyUpdate, Kind, Meeting
from ceremonies.steering import services as steering
from feedback import services as feedback
from tests.ceremonies.meetings import make_meeting

AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LEDGER = ["red", "red", "green", "amber", "green", "green", "amber", "green", "green", "red",
          "amber", "amber"]
SOS_DAYS = [date(2026, 11, d) for d in (9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24)]
OVERRUNS = [60, -30, 60, -30, 60, -30, 60, -30, 60, -30]  # the ten held meetings


def t(day, hour=9):
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


@dataclass
class Steering:
    previous: Meeting
    objectives: list
    milestones: list
    items: dict


def sos_history(cast) -> list[Meeting]:
    """Twelve Scrums of Scrums: ten held, the 23rd cancelled, today's not started."""
    meetings = [make_meeting(cast.programme, day=d) for d in SOS_DAYS]
    for meeting, overrun in zip(meetings[:10], OVERRUNS, strict=True):
        meeting.state = Meeting.State.ENDED
        meeting.started_at = meeting.scheduled_start
        meeting.ended_at = meeting.started_at + timedelta(seconds=15 * 60 + overrun)
        meeting.save()
    Meeting.objects.filter(pk=meetings[10].pk).update(state=Meeting.State.CANCELLED)
    old = make_meeting(cast.programme, day=date(2026, 10, 20))  # outside the 30 days
    Meeting.objects.filter(pk=old.pk).update(state=Meeting.State.ENDED,
                                             started_at=old.scheduled_start,
                                             ended_at=old.scheduled_start + timedelta(hours=1))
    for meeting, health in zip(meetings, LEDGER, strict=True):
        DailyUpdate.objects.create(team=cast.team, meeting=meeting, health=health,
                                   posted_at=meeting.scheduled_start - timedelta(hours=1))
    for meeting, health in zip(meetings[-3:], ["green", "green", "red"], strict=True):
        DailyUpdate.objects.create(team=cast.other_team, meeting=meeting, health=health,
                                   posted_at=meeting.scheduled_start - timedelta(hours=1))
    return meetings


def steering_history(cast, capture) -> Steering:
    """Objectives and milestones, a Steering Committee on 10 Nov, then a fortnight of change."""
    p, msm = cast.programme, cast.msm
    p.first_sprint_start, p.sprint_length_days = date(2026, 11, 2), 14  # 2–15, 16–29 Nov
    p.save()
    o1 = steering.objective_create(programme=p, by=msm, title="Instant payouts",
                                   target_date=date(2027, 3, 31), progress=40, at=t(1))
    o2 = steering.objective_create(programme=p, by=msm, title="PSD3 ready",
                                   target_date=date(2027, 6, 30), progress=70,
                                   status="at_risk", at=t(1))
    m = [steering.milestone_create(programme=p, by=msm, title=title, due_date=due,
                                   delivered_on=delivered, objective=o1, at=t(1))
         for title, due, delivered in [
             ("M1", date(2026, 11, 5), date(2026, 11, 4)),
             ("M2", date(2026, 11, 12), None),
             ("M3", date(2026, 11, 20), None),
             ("M4", date(2026, 11, 27), None),
             ("M5", date(2026, 12, 10), None)]]
    previous = make_meeting(p, kind=Kind.STEERING, minutes=60, day=date(2026, 11, 10))
    room.meeting_start(meeting=previous, by=msm, at=t(10, 9))
    with capture(execute=True):
        room.meeting_end(meeting=previous, by=msm, at=t(10, 10))
    steering.objective_update(objective=o1, by=msm, progress=55, at=t(15))
    steering.objective_update(objective=o2, by=msm, status="off_track",
                              progress=60, at=t(16))
    steering.milestone_update(milestone=m[1], by=msm, delivered_on=date(2026, 11, 17), at=t(17))
    o3 = steering.objective_create(programme=p, by=msm, title="Card tokens",
                                   target_date=date(2027, 1, 31), progress=10, at=t(18))
    steering.milestone_update(milestone=m[2], by=msm, delivered_on=date(2026, 11, 19), at=t(19))
    steering.milestone_update(milestone=m[4], by=msm, due_date=date(2026, 12, 17), at=t(20))
    return Steering(previous=previous, objectives=[o1, o2, o3], milestones=m,
                    items=feedback_history(cast))


def feedback_history(cast) -> dict:
    p = cast.programme
    old = feedback.impediment_raise(programme=p, team=cast.team, title="Flaky SIT",
                                    raised_by=cast.scrum_master, at=t(2))
    fresh = feedback.impediment_raise(programme=p, team=cast.other_team, title="No HSM",
                                      raised_by=cast.other_scrum_master, at=t(20))
    risk = feedback.feedback_raise(programme=p, kind="risk", title="Vendor exit",
                                   direction="up", raised_by=cast.msm, at=t(14))
    request = feedback.feedback_raise(programme=p, kind="request", title="Fund a second SIT",
                                      direction="up", raised_by=cast.msm, at=t(15))
    question = feedback.feedback_raise(programme=p, kind="question", title="Go live in May?",
                                       direction="up", raised_by=cast.msm, at=t(12))
    feedback.feedback_escalate(item=question, by=cast.parent_msm, at=t(13))
    closed = feedback.impediment_raise(programme=p, team=cast.team, title="VPN",
                                       raised_by=cast.scrum_master, at=t(3))
    feedback.feedback_answer(item=closed, by=cast.msm, text="Fixed", at=t(3, 12))
    feedback.feedback_close(item=closed, by=cast.scrum_master, at=t(4))
    return {"old": old, "fresh": fresh, "risk": risk, "request": request,
            "question": question, "closed": closed}
