"""A year of feedback history for the scale data: loops raised up and down, most closed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from feedback.models import FeedbackAddressee, FeedbackEvent, FeedbackItem
from programmes.scale import ScaleTree

Item = FeedbackItem
TITLES = ["Test environment unstable", "Waiting for API keys", "Release slot clash",
          "Unclear acceptance criteria", "Security review pending", "Flaky pipeline",
          "Dependency on platform team", "Budget for load testing", "Licence renewal"]
Event = FeedbackEvent.Kind
OPEN_SHARE = 0.08  # of the items raised, this share is still open at the end


def build(tree: ScaleTree, *, days: int, seed: int, per_team_per_week: float = 1.0) -> int:
    """Bulk-create feedback items with realistic timestamps; returns how many."""
    rng = random.Random(seed)
    now = timezone.now()
    start = now - timedelta(days=days)
    items, events_for = [], []
    weeks = days / 7
    for team in tree.teams:
        sm = tree.scrum_masters[team.pk]
        train = next(t for t in tree.trains if t.pk == team.programme_id)
        for _ in range(int(weeks * per_team_per_week)):
            raised = start + timedelta(seconds=rng.uniform(0, days * 86400))
            items.append(_item(rng, train, team, sm, raised, now))
            events_for.append(sm)
    for train, stakeholder in zip(tree.trains, tree.stakeholders, strict=True):
        teams = [t for t in tree.teams if t.programme_id == train.pk]
        for _ in range(int(weeks / 2)):
            raised = start + timedelta(seconds=rng.uniform(0, days * 86400))
            decision = _decision(rng, train, stakeholder, raised, now)
            decision.addressed = rng.sample(teams, min(3, len(teams)))
            items.append(decision)
            events_for.append(stakeholder)
    created = Item.objects.bulk_create(items, batch_size=2000)
    FeedbackAddressee.objects.bulk_create(
        [FeedbackAddressee(item=item, team=team, acknowledged_at=item.acknowledged_at,
                           acknowledged_by=tree.scrum_masters[team.pk]
                           if item.acknowledged_at else None)
         for item in created for team in getattr(item, "addressed", [])], batch_size=2000)
    FeedbackEvent.objects.bulk_create(_events(created, events_for), batch_size=5000)
    return len(created)


def _lifecycle(rng, item: Item, raised: datetime, now: datetime) -> Item:
    item.raised_at = item.routed_at = raised
    item.respond_by = raised + timedelta(days=1)
    ack = raised + timedelta(hours=rng.expovariate(1 / 6))
    answered = ack + timedelta(hours=rng.expovariate(1 / 30))
    closed = answered + timedelta(hours=rng.expovariate(1 / 12))
    still_open = rng.random() < OPEN_SHARE or closed > now
    if not still_open:
        item.state = Item.State.CLOSED
        item.acknowledged_at, item.answered_at, item.closed_at = ack, answered, closed
        item.answer = "Sorted: see the thread."
    elif ack < now and rng.random() < 0.5:
        item.state, item.acknowledged_at = Item.State.ACKNOWLEDGED, ack
    else:
        item.state = Item.State.ROUTED
    return item


def _item(rng, train, team, sm, raised, now) -> Item:
    kind = rng.choice([Item.Kind.IMPEDIMENT, Item.Kind.IMPEDIMENT, Item.Kind.QUESTION,
                       Item.Kind.RISK, Item.Kind.REQUEST])
    item = Item(programme=train, kind=kind, title=rng.choice(TITLES), direction=Item.Direction.UP,
                origin=Item.Origin.TEAM, origin_team=team, raised_by=sm, owner=sm,
                source="scrum-of-scrums", level=Item.Level.PROGRAMME, holder_programme=train)
    return _lifecycle(rng, item, raised, now)


def _decision(rng, train, stakeholder, raised, now) -> Item:
    item = Item(programme=train, kind=Item.Kind.DECISION, title="Steering decision",
                details="Routed down from the Steering Committee.",
                direction=Item.Direction.DOWN, origin=Item.Origin.STAKEHOLDER,
                raised_by=stakeholder, source="steering", level=Item.Level.TEAM,
                holder_programme=train)
    return _lifecycle(rng, item, raised, now)


def _events(items, actors):
    for item, actor in zip(items, actors, strict=True):
        yield FeedbackEvent(item=item, actor=actor, kind=Event.ROUTED, to_state=Item.State.ROUTED,
                            at=item.raised_at)
        if item.closed_at:
            yield FeedbackEvent(item=item, actor=actor, kind=Event.CLOSED,
                                from_state=Item.State.ANSWERED, to_state=Item.State.CLOSED,
                                at=item.closed_at)

