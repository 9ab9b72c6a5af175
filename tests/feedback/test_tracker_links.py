"""An impediment or feedback item linked to a tracker item: when that item closes, the
originator is asked to close the loop; the loop is never closed for them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackEvent, FeedbackItem, TrackerLink
from feedback.reminders import tracker_item_closed
from feedback.services import impediment_raise
from programmes.models import ItemState, TrackerItem, TrackerMapping
from programmes.notifications import registry
from tests.factories import TeamFactory
from tests.programmes.trackers import connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def impediment(cast):
    return impediment_raise(programme=cast.programme, team=cast.team, title="Card API flaky",
                            raised_by=cast.scrum_master)


@pytest.fixture
def mapping(cast):
    connect(cast.programme, "jira_cloud", "https://acme.atlassian.net", team=cast.team,
            source="PAY", username="maya@example.com")
    return TrackerMapping.objects.get()


def tracker_item(mapping, key, *, state=ItemState.IN_PROGRESS, closed=None, source_key=None):
    now = timezone.now()
    return TrackerItem.objects.create(
        mapping=mapping, team=mapping.team, external_id=key, key=source_key or key,
        title=f"Fix {key}", url=f"https://acme.atlassian.net/browse/{key}", state=state,
        opened_at=now - timedelta(days=3), closed_at=closed, updated_at=closed or now)


def link_url(cast, item):
    return reverse("feedback:tracker_link", args=[cast.programme.slug, item.pk])


def close(t):
    t.state, t.closed_at = ItemState.DONE, timezone.now() - timedelta(minutes=5)
    t.updated_at = t.closed_at
    t.save()


def test_the_originator_links_an_impediment_by_key(client, cast, impediment, mapping):
    tracker_item(mapping, "PAY-7")
    client.force_login(cast.scrum_master)

    response = client.post(link_url(cast, impediment), {"link-reference": "PAY-7"})

    assert response.status_code == 302
    link = TrackerLink.objects.get()
    assert (link.item, link.tracker_item.key, link.linked_by) == (impediment, "PAY-7",
                                                                  cast.scrum_master)
    assert FeedbackEvent.objects.filter(item=impediment, text__contains="PAY-7").exists()
    page = client.get(impediment.get_absolute_url()).content.decode()
    assert 'href="https://acme.atlassian.net/browse/PAY-7"' in page


def test_it_links_by_the_items_address(client, cast, impediment, mapping):
    tracker_item(mapping, "PAY-8")
    client.force_login(cast.msm)  # the holder

    client.post(link_url(cast, impediment),
                {"link-reference": "https://acme.atlassian.net/browse/PAY-8"})

    assert TrackerLink.objects.get().tracker_item.key == "PAY-8"


def test_an_unknown_reference_is_refused_and_kept(client, cast, impediment, mapping):
    client.force_login(cast.scrum_master)

    response = client.post(link_url(cast, impediment), {"link-reference": "PAY-404"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "No item “PAY-404”" in html and 'value="PAY-404"' in html
    assert not TrackerLink.objects.exists()


def test_an_item_of_another_programmes_tracker_cannot_be_linked(client, cast, impediment):
    connect(cast.other_programme, "jira_cloud", "https://other.atlassian.net",
            team=TeamFactory(programme=cast.other_programme), source="PAY",
            username="o@example.com")
    tracker_item(TrackerMapping.objects.get(), "PAY-9")
    client.force_login(cast.scrum_master)

    assert client.post(link_url(cast, impediment),
                       {"link-reference": "PAY-9"}).status_code == 400


def test_someone_neither_originator_nor_holder_may_not_link(client, cast, impediment, mapping):
    tracker_item(mapping, "PAY-7")
    client.force_login(cast.other_scrum_master)

    assert client.post(link_url(cast, impediment),
                       {"link-reference": "PAY-7"}).status_code == 403
    assert not TrackerLink.objects.exists()


def test_when_the_linked_item_closes_the_originator_is_asked(cast, impediment, mapping):
    t = tracker_item(mapping, "PAY-7")
    TrackerLink.objects.create(item=impediment, tracker_item=t, linked_at=timezone.now())
    assert list(tracker_item_closed(timezone.now())) == []

    close(t)
    [asked] = tracker_item_closed(timezone.now())

    assert asked.recipient == cast.scrum_master
    assert asked.subject == "PAY-7 is closed: close the loop on “Card API flaky”?"
    assert asked.link == impediment.get_absolute_url()


def test_the_loop_is_never_closed_for_them(client, cast, impediment, mapping):
    t = tracker_item(mapping, "PAY-7")
    TrackerLink.objects.create(item=impediment, tracker_item=t, linked_at=timezone.now())
    close(t)

    list(tracker_item_closed(timezone.now()))

    impediment.refresh_from_db()
    assert impediment.state != FeedbackItem.State.CLOSED
    client.force_login(cast.scrum_master)
    page = client.get(impediment.get_absolute_url()).content.decode()
    assert "If that settles it, close the loop" in page


def test_a_closed_loop_is_not_asked_about(cast, impediment, mapping):
    t = tracker_item(mapping, "PAY-7")
    TrackerLink.objects.create(item=impediment, tracker_item=t, linked_at=timezone.now())
    FeedbackItem.objects.filter(pk=impediment.pk).update(state=FeedbackItem.State.CLOSED,
                                                         closed_at=timezone.now())
    close(t)

    assert list(tracker_item_closed(timezone.now())) == []


def test_the_rule_is_registered_with_the_reminders():
    assert "tracker_item_closed" in {rule.kind for rule in registry.rules()}
