"""The scale data generator builds a coherent, reproducible year (here: a few weeks)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from ceremonies.brownbag.register import register_search
from ceremonies.brownbag.services import agenda_plan, call_for
from ceremonies.models import (
    DailyUpdate,
    Kind,
    Meeting,
    Objective,
    RegisterEntry,
    SteeringChange,
    SteeringSnapshot,
    Talk,
    TalkVote,
)
from programmes.models import Booking, Programme, Team


def generate(slug: str, seed: int = 7, days: int = 21):
    call_command("generate_scale", teams=12, days=days, seed=seed, slug=slug, stdout=None)
    return Programme.objects.get(slug=slug)


@pytest.mark.django_db
def test_it_builds_trains_of_teams_under_one_parent():
    parent = generate("scale-a")
    assert parent.children.count() == 2
    assert Team.objects.filter(programme__parent=parent).count() == 12


@pytest.mark.django_db
def test_most_teams_post_an_update_before_each_past_meeting():
    parent = generate("scale-b")
    ended = Meeting.objects.filter(programme__parent=parent, kind=Kind.SCRUM_OF_SCRUMS,
                                   state=Meeting.State.ENDED)
    updates = DailyUpdate.objects.filter(meeting__in=ended).count()
    slots = sum(m.programme.teams.count() for m in ended)
    assert 0.85 * slots <= updates < slots


@pytest.mark.django_db
def test_each_train_has_one_running_meeting_and_the_next_one_scheduled():
    parent = generate("scale-c")
    for train in parent.children.all():
        sos = train.meetings.filter(kind=Kind.SCRUM_OF_SCRUMS)
        assert sos.filter(state=Meeting.State.RUNNING).count() == 1
        assert sos.filter(state=Meeting.State.SCHEDULED).count() == 1


@pytest.mark.django_db
def test_confirmed_bookings_never_overlap():
    parent = generate("scale-d")
    confirmed = list(Booking.objects.filter(resource__programme__parent=parent,
                                            status=Booking.Status.CONFIRMED)
                     .order_by("resource", "starts_at"))
    assert confirmed
    for before, after in zip(confirmed, confirmed[1:], strict=False):
        if before.resource_id == after.resource_id:
            assert before.ends_at <= after.starts_at


def history(parent: Programme) -> dict:
    """What a generated year says, without the ids and emails that differ between trees."""
    tree = {"programme__path__startswith": parent.path}
    return {
        "health": list(DailyUpdate.objects.filter(team__programme__parent=parent)
                       .order_by("meeting__occurrence", "team__name")
                       .values_list("team__name", "health")),
        "talks": [(t.sprint.number, t.team.name, t.title, t.minutes, t.votes.count(),
                   t.agenda_item.position if t.agenda_item else None)
                  for t in Talk.objects.filter(**tree).order_by("created_at")],
        "register": list(RegisterEntry.objects.filter(**tree).order_by("solved_on", "problem")
                         .values_list("problem", "tags", "solved_on", "write_up")),
        "objectives": list(Objective.objects.filter(**tree).order_by("programme__name", "title")
                           .values_list("title", "status", "progress", "target_date")),
        "snapshots": [[(o["title"], o["status"], o["progress"], o["trend"])
                       for o in s.data["going"]["objectives"]]
                      for s in SteeringSnapshot.objects.filter(**tree)
                      .order_by("taken_at", "programme__name")],
    }


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_history():
    first = history(generate("scale-e", seed=3, days=40))
    second = history(generate("scale-f", seed=3, days=40))
    assert first["talks"] and first["register"] and first["snapshots"]
    for key in first:
        assert first[key] == second[key], key


@pytest.mark.django_db
def test_every_started_sprint_has_a_call_for_talks_with_votes():
    parent = generate("scale-g")
    for train in parent.children.all():
        for sprint in train.sprints.filter(start__lte=timezone.localdate()):
            talks = Talk.objects.filter(sprint=sprint)
            assert talks.count() >= 2
            call = call_for(sprint)
            for talk in talks:
                assert call.opens_at <= talk.created_at < call.closes_at
    assert TalkVote.objects.filter(talk__programme__parent=parent).exists()


@pytest.mark.django_db
def test_a_past_brown_bag_ran_the_most_voted_talks_that_fit():
    parent = generate("scale-h")
    brown_bags = Meeting.objects.filter(programme__parent=parent, kind=Kind.BROWN_BAG,
                                        state=Meeting.State.ENDED)
    assert brown_bags.exists()
    for meeting in brown_bags:
        items = list(meeting.items.order_by("position"))
        assert items[0].title == "Welcome and what's new"
        assert items[-1].title == "Questions and follow-ups"
        talks = [item.talk for item in items[1:-1]]
        votes = [talk.votes.count() for talk in talks]
        assert votes == sorted(votes, reverse=True)
        assert sum(t.minutes for t in talks) * 60 <= agenda_plan(meeting=meeting,
                                                                 talks=[]).budget_seconds
        assert all(item.actual_seconds for item in items)


@pytest.mark.django_db
def test_this_sprints_brown_bag_is_still_to_come():
    parent = generate("scale-i")
    for train in parent.children.all():
        upcoming = train.meetings.filter(kind=Kind.BROWN_BAG,
                                         state=Meeting.State.SCHEDULED).order_by("occurrence")
        assert upcoming.count() >= 2  # this sprint's, if still to come, and the next two
        upcoming = upcoming.first()
        assert upcoming.occurrence > timezone.localdate()
        assert not Talk.objects.filter(agenda_item__meeting=upcoming).exists()


@pytest.mark.django_db
def test_register_entries_are_found_by_full_text_search():
    parent = generate("scale-j")
    entries = RegisterEntry.objects.filter(programme__parent=parent)
    assert entries.filter(talk__isnull=False).exists()
    entry = entries.order_by("pk").first()
    assert entry.tag_list and len(entry.write_up) > 100
    hits = register_search(programme=parent, q=entry.tag_list[0])
    assert entry in [hit.entry for hit in hits]


@pytest.mark.django_db
def test_every_past_steering_committee_froze_a_pack_and_objectives_moved_on():
    parent = generate("scale-k", days=70)
    for programme in [parent, *parent.children.all()]:
        ended = programme.meetings.filter(kind=Kind.STEERING, state=Meeting.State.ENDED)
        snapshots = list(SteeringSnapshot.objects.filter(programme=programme)
                         .order_by("taken_at"))
        assert len(snapshots) == ended.count() >= 1
        for before, after in zip(snapshots, snapshots[1:], strict=False):
            was = {o["id"]: o["progress"] for o in before.data["going"]["objectives"]}
            for objective in after.data["going"]["objectives"]:
                assert objective["previous_progress"] == was.get(objective["id"])
                assert objective["progress"] >= (objective["previous_progress"] or 0)
        assert programme.meetings.filter(kind=Kind.STEERING,
                                         state=Meeting.State.SCHEDULED).exists()
        assert SteeringChange.objects.filter(programme=programme, action="changed").exists()
