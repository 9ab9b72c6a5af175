"""The scale data generator builds a coherent, reproducible year (here: a few weeks)."""

import pytest
from django.core.management import call_command

from ceremonies.models import DailyUpdate, Meeting
from programmes.models import Booking, Programme, Team


def generate(slug: str, seed: int = 7):
    call_command("generate_scale", teams=12, days=21, seed=seed, slug=slug, stdout=None)
    return Programme.objects.get(slug=slug)


@pytest.mark.django_db
def test_it_builds_trains_of_teams_under_one_parent():
    parent = generate("scale-a")
    assert parent.children.count() == 2
    assert Team.objects.filter(programme__parent=parent).count() == 12


@pytest.mark.django_db
def test_most_teams_post_an_update_before_each_past_meeting():
    parent = generate("scale-b")
    ended = Meeting.objects.filter(programme__parent=parent, state=Meeting.State.ENDED)
    updates = DailyUpdate.objects.filter(meeting__in=ended).count()
    slots = sum(m.programme.teams.count() for m in ended)
    assert 0.85 * slots <= updates < slots


@pytest.mark.django_db
def test_each_train_has_one_running_meeting_and_the_next_one_scheduled():
    parent = generate("scale-c")
    for train in parent.children.all():
        assert train.meetings.filter(state=Meeting.State.RUNNING).count() == 1
        assert train.meetings.filter(state=Meeting.State.SCHEDULED).count() == 1


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


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_history():
    first = generate("scale-e", seed=3)
    second = generate("scale-f", seed=3)
    health = [list(DailyUpdate.objects.filter(team__programme__parent=p)
                   .order_by("meeting__occurrence", "team__name")
                   .values_list("team__name", "health")) for p in (first, second)]
    assert health[0] == health[1]
