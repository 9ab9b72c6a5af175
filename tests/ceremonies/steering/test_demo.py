"""The steering demo loads once, on top of the Northwind demo."""

from ceremonies.models import Kind, Meeting, Milestone, Objective, SteeringSnapshot
from ceremonies.steering import demo as steering_demo
from feedback import demo as feedback_demo
from programmes import demo


def test_the_steering_demo_loads_objectives_milestones_and_snapshots_once(db):
    loaded = demo.load()
    feedback_demo.load(loaded)
    steering_demo.load(loaded)
    steering_demo.load()  # a second run changes nothing
    assert Objective.objects.count() == 5
    assert Milestone.objects.filter(delivered_on__isnull=False).exists()
    snapshots = list(SteeringSnapshot.objects.order_by("taken_at"))
    assert len(snapshots) == 2
    assert snapshots[-1].data["previous_snapshot"]["id"] == snapshots[0].pk
    assert Meeting.objects.filter(kind=Kind.STEERING, state="scheduled").exists()
    assert {o.status for o in Objective.objects.all()} == {"on_track", "at_risk", "done",
                                                            "off_track"}


def test_loading_without_the_demo_programme_does_nothing(db):
    steering_demo.load()
    assert not Objective.objects.exists()
