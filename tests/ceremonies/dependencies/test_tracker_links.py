"""A dependency linked to the tracker item that delivers it: either team links it (page and
API); when the item closes, whoever raised the dependency is asked to mark it delivered, and
it is never marked delivered for them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremonies.dependency_links.reminders import dependency_item_closed
from ceremonies.models import Dependency, DependencyTrackerLink
from programmes.models import ItemState, TrackerItem, TrackerMapping
from programmes.notifications import registry
from tests.api.conftest import ApiClient
from tests.factories import TeamFactory
from tests.programmes.trackers import connect

pytestmark = pytest.mark.django_db
S = Dependency.Status


@pytest.fixture
def dependency(cast):
    return Dependency.objects.create(
        programme=cast.programme, needing_team=cast.team, providing_team=cast.other_team,
        what="Card API v2 sandbox", status=S.ACCEPTED,
        committed_date=timezone.localdate() + timedelta(days=10), raised_by=cast.scrum_master)


@pytest.fixture
def mapping(cast):
    connect(cast.programme, "jira_cloud", "https://acme.atlassian.net", team=cast.other_team,
            source="CARD", username="maya@example.com")
    return TrackerMapping.objects.get()


def tracker_item(mapping, key, *, closed=None):
    now = timezone.now()
    return TrackerItem.objects.create(
        mapping=mapping, team=mapping.team, external_id=key, key=key, title=f"Ship {key}",
        url=f"https://acme.atlassian.net/browse/{key}",
        state=ItemState.DONE if closed else ItemState.IN_PROGRESS,
        opened_at=now - timedelta(days=3), closed_at=closed, updated_at=closed or now)


def page_url(cast, dependency):
    return reverse("ceremonies:dependency_tracker_links",
                   args=[cast.programme.slug, dependency.pk])


def api_url(cast, dependency):
    return reverse("api:dependency_tracker_links",
                   kwargs={"slug": cast.programme.slug, "dependency_id": dependency.pk})


def close(t):
    t.state, t.closed_at = ItemState.DONE, timezone.now() - timedelta(minutes=5)
    t.updated_at = t.closed_at
    t.save()


def test_the_providing_team_links_the_item_that_delivers(client, cast, dependency, mapping):
    tracker_item(mapping, "CARD-7")
    client.force_login(cast.other_scrum_master)

    response = client.post(page_url(cast, dependency), {"reference": "CARD-7"})

    assert response.status_code == 302
    link = DependencyTrackerLink.objects.get()
    assert (link.dependency, link.tracker_item.key, link.linked_by) == (
        dependency, "CARD-7", cast.other_scrum_master)
    page = client.get(page_url(cast, dependency)).content.decode()
    assert "CARD-7 Ship CARD-7" in page


def test_an_unknown_reference_is_refused_and_kept(client, cast, dependency, mapping):
    client.force_login(cast.scrum_master)

    response = client.post(page_url(cast, dependency), {"reference": "CARD-99"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "No item “CARD-99” in this programme" in html and 'value="CARD-99"' in html
    assert not DependencyTrackerLink.objects.exists()


def test_someone_of_neither_team_may_not_link(client, cast, dependency, mapping):
    tracker_item(mapping, "CARD-7")
    client.force_login(cast.stakeholder)

    assert client.get(page_url(cast, dependency)).status_code == 200  # may read
    assert client.post(page_url(cast, dependency),
                       {"reference": "CARD-7"}).status_code == 403
    assert not DependencyTrackerLink.objects.exists()


def test_another_programme_sees_nothing(client, cast, dependency):
    client.force_login(cast.outsider)
    url = reverse("ceremonies:dependency_tracker_links",
                  args=[cast.other_programme.slug, dependency.pk])

    assert client.get(url).status_code == 404


def test_a_closed_dependency_cannot_be_linked(client, cast, dependency, mapping):
    tracker_item(mapping, "CARD-7")
    Dependency.objects.filter(pk=dependency.pk).update(status=S.DROPPED)
    client.force_login(cast.scrum_master)

    assert client.post(page_url(cast, dependency),
                       {"reference": "CARD-7"}).status_code == 403


def test_when_the_item_closes_whoever_raised_it_is_asked(cast, dependency, mapping):
    t = tracker_item(mapping, "CARD-7")
    DependencyTrackerLink.objects.create(dependency=dependency, tracker_item=t,
                                         linked_at=timezone.now())
    assert list(dependency_item_closed(timezone.now())) == []

    close(t)
    [asked] = dependency_item_closed(timezone.now())

    assert asked.recipient == cast.scrum_master
    assert asked.subject == "CARD-7 is closed: is “Card API v2 sandbox” delivered?"
    assert asked.link == page_url(cast, dependency)
    assert asked.object_ref == f"dependency:{dependency.pk}:tracker:{t.pk}"


def test_it_is_never_marked_delivered_for_them(client, cast, dependency, mapping):
    t = tracker_item(mapping, "CARD-7")
    DependencyTrackerLink.objects.create(dependency=dependency, tracker_item=t,
                                         linked_at=timezone.now())
    close(t)

    list(dependency_item_closed(timezone.now()))

    dependency.refresh_from_db()
    assert dependency.status == S.ACCEPTED and dependency.delivered_at is None
    client.force_login(cast.scrum_master)
    page = client.get(page_url(cast, dependency)).content.decode()
    assert "mark the dependency delivered" in page and "Mark delivered" in page


def test_with_nobody_known_as_raiser_the_needing_team_s_scrum_masters_are_asked(
        cast, dependency, mapping):
    Dependency.objects.filter(pk=dependency.pk).update(raised_by=None)
    t = tracker_item(mapping, "CARD-7", closed=timezone.now() - timedelta(hours=1))
    DependencyTrackerLink.objects.create(dependency=dependency, tracker_item=t,
                                         linked_at=timezone.now())

    assert [r.recipient for r in dependency_item_closed(timezone.now())] == [cast.scrum_master]


def test_a_delivered_or_dropped_dependency_is_not_asked_about(cast, dependency, mapping):
    t = tracker_item(mapping, "CARD-7", closed=timezone.now() - timedelta(hours=1))
    DependencyTrackerLink.objects.create(dependency=dependency, tracker_item=t,
                                         linked_at=timezone.now())
    for status in (S.DELIVERED, S.DROPPED):
        Dependency.objects.filter(pk=dependency.pk).update(status=status)
        assert list(dependency_item_closed(timezone.now())) == []


def test_an_item_of_the_providing_team_s_other_programme_can_be_linked(
        client, cast, dependency):
    elsewhere_team = TeamFactory(programme=cast.other_programme, name="Risk")
    connect(cast.other_programme, "github", "https://api.github.com", team=elsewhere_team,
            source="acme/risk")
    tracker_item(TrackerMapping.objects.get(), "#4")
    Dependency.objects.filter(pk=dependency.pk).update(providing_team=elsewhere_team)
    client.force_login(cast.scrum_master)

    assert client.post(page_url(cast, dependency),
                       {"reference": "acme/risk#4"}).status_code == 302


def test_the_rule_is_registered_with_the_reminders():
    assert "dependency_item_closed" in {rule.kind for rule in registry.rules()}


@pytest.fixture
def api_as():
    return ApiClient


def test_the_api_lists_and_links(api_as, cast, dependency, mapping):
    tracker_item(mapping, "CARD-7")
    api = api_as(cast.other_scrum_master)

    made = api.post(api_url(cast, dependency), {"reference": "CARD-7"})
    listed = api.get(api_url(cast, dependency))

    assert made.status_code == 201
    assert made.json()["tracker_item"]["key"] == "CARD-7"
    assert made["Location"] == f"http://testserver{api_url(cast, dependency)}"  # lists it
    assert [row["tracker_item"]["key"] for row in listed.json()["items"]] == ["CARD-7"]


def test_the_api_refuses_what_the_page_refuses(api_as, cast, dependency, mapping):
    tracker_item(mapping, "CARD-7")

    unknown = api_as(cast.scrum_master).post(api_url(cast, dependency), {"reference": "X-1"})
    stranger = api_as(cast.stakeholder).post(api_url(cast, dependency), {"reference": "CARD-7"})
    outsider = api_as(cast.outsider).get(api_url(cast, dependency))

    assert unknown.status_code == 422 and "reference" in unknown.json()["errors"]
    assert stranger.status_code == 403
    assert outsider.status_code in (403, 404)
    assert not DependencyTrackerLink.objects.exists()
