"""The Scrum of Scrums' closing slot is a backlog walk by its kind, not by its title: renamed,
added by hand or carried over, it still walks the top of the impediment backlog."""

import importlib
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from ceremonies.meetings import agenda_edit
from ceremonies.models import AgendaItem, ItemKind, Kind
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.meetings.test_carryover import fresh, hold
from tests.ceremonies.room.test_scaled_slots import slot
from tests.feedback.backlog import raised

pytestmark = pytest.mark.clock("2026-11-24T12:00:00+00:00")
CLOSING = "Impediments and resource conflicts"


def room_url(meeting):
    return reverse("ceremonies:room", kwargs={"slug": meeting.programme.slug, "pk": meeting.pk})


def item_url(item, change="save"):
    return reverse("ceremonies:agenda_item", kwargs={
        "slug": item.meeting.programme.slug, "pk": item.meeting_id, "item_id": item.pk,
        "change": change})


def closing_of(meeting):
    return meeting.items.get(kind=ItemKind.BACKLOG_WALK)


@pytest.fixture
def meeting(cast):
    raised(cast, "Test env down")
    return make_meeting(cast.programme)


def test_the_default_closing_slot_is_a_backlog_walk(meeting):
    assert closing_of(meeting).title == CLOSING
    assert meeting.items.filter(kind=ItemKind.BACKLOG_WALK).count() == 1


def test_a_renamed_closing_slot_still_walks_the_backlog(client, cast, meeting):
    walk = closing_of(meeting)
    client.force_login(cast.msm)
    client.post(item_url(walk), {f"item{walk.pk}-title": "Blockers", f"item{walk.pk}-minutes": "2"})
    assert AgendaItem.objects.get(pk=walk.pk).title == "Blockers"
    html = client.get(room_url(meeting)).content.decode()
    assert "Test env down" in slot(html, "Blockers")


def test_an_item_called_like_the_closing_slot_is_not_a_walk(client, cast, meeting):
    AgendaItem.objects.filter(pk=closing_of(meeting).pk).update(title="Wrap-up")
    agenda_edit.agenda_add(meeting=meeting, title=CLOSING, timebox_seconds=60)
    client.force_login(cast.msm)
    html = client.get(room_url(meeting)).content.decode()
    assert "Test env down" not in slot(html, CLOSING)
    assert "Test env down" in slot(html, "Wrap-up")


def test_the_msm_adds_a_backlog_walk_to_any_meeting(client, cast):
    raised(cast, "Test env down")
    steering = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60)
    client.force_login(cast.msm)
    add = reverse("ceremonies:agenda_add", kwargs={"slug": cast.programme.slug,
                                                   "pk": steering.pk})
    client.post(add, {"title": "Top impediments", "minutes": "5", "kind": "backlog_walk"})
    assert steering.items.get(title="Top impediments").kind == ItemKind.BACKLOG_WALK
    html = client.get(room_url(steering)).content.decode()
    assert "Test env down" in slot(html, "Top impediments")


def test_the_msm_turns_a_topic_into_a_walk_and_back(client, cast, meeting):
    topic = agenda_edit.agenda_add(meeting=meeting, title="Risks", timebox_seconds=60)
    client.force_login(cast.msm)
    data = {f"item{topic.pk}-title": "Risks", f"item{topic.pk}-minutes": "1"}
    client.post(item_url(topic), {**data, f"item{topic.pk}-kind": "backlog_walk"})
    assert AgendaItem.objects.get(pk=topic.pk).kind == ItemKind.BACKLOG_WALK
    client.post(item_url(topic), {**data, f"item{topic.pk}-kind": "topic"})
    assert AgendaItem.objects.get(pk=topic.pk).kind == ItemKind.TOPIC


def test_an_unknown_kind_is_refused_and_the_item_kept(client, cast, meeting):
    walk = closing_of(meeting)
    client.force_login(cast.msm)
    response = client.post(item_url(walk), {
        f"item{walk.pk}-title": "Blockers", f"item{walk.pk}-minutes": "2",
        f"item{walk.pk}-kind": "party"}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert AgendaItem.objects.get(pk=walk.pk).title == CLOSING


def test_the_room_offers_the_kind_with_the_items_own_selected(client, cast, meeting):
    walk = closing_of(meeting)
    client.force_login(cast.msm)
    html = client.get(room_url(meeting)).content.decode()
    select = html.split(f'name="item{walk.pk}-kind"')[1].split("</select>")[0]
    assert '<option value="backlog_walk" selected>' in select


def test_only_the_facilitator_changes_an_items_kind(client, cast, meeting):
    walk = closing_of(meeting)
    client.force_login(cast.scrum_master)
    response = client.post(item_url(walk), {
        f"item{walk.pk}-title": "Chat", f"item{walk.pk}-minutes": "2",
        f"item{walk.pk}-kind": "topic"})
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=walk.pk).kind == ItemKind.BACKLOG_WALK


def test_a_renamed_walk_skipped_marks_the_next_walk_instead_of_adding_one(cast, meeting):
    AgendaItem.objects.filter(pk=closing_of(meeting).pk).update(title="Blockers")
    wednesday = make_meeting(cast.programme, day=date(2026, 11, 25))
    hold(meeting, cast.msm, skip={"Blockers"})
    walks = fresh(wednesday).items.filter(kind=ItemKind.BACKLOG_WALK)
    assert [(w.title, w.carried_times) for w in walks] == [(CLOSING, 1)]


def test_the_migration_marks_existing_closing_slots_by_their_title(cast, meeting):
    steering = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60)
    AgendaItem.objects.update(kind=ItemKind.TOPIC)
    steering.items.create(position=9, title=CLOSING, timebox_seconds=60)
    migration_path = next(Path("ceremonies/migrations").glob("*_agenda_item_kind.py"))
    migration = importlib.import_module(f"ceremonies.migrations.{migration_path.stem}")
    migration.mark_closing_slots(apps, None)
    assert list(AgendaItem.objects.filter(kind=ItemKind.BACKLOG_WALK)
                .values_list("meeting", "title")) == [(meeting.pk, CLOSING)]
