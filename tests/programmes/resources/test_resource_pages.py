"""The resources list and the MSM's management of resources."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import AuditEntry, Resource
from programmes.resources import services as bookings
from tests.programmes.resources import ask, make_env, make_slot


def url(cast, name="resources", **kwargs):
    return reverse(f"programmes:{name}", kwargs={"slug": cast.programme.slug, **kwargs})


def test_the_list_shows_resources_and_upcoming_bookings(client, cast):
    env = make_env(cast)
    make_slot(cast, name="Thursday release")
    ask(env, cast.team, cast.scrum_master, purpose="load test")
    client.force_login(cast.member)
    page = client.get(url(cast)).content.decode()
    assert "Staging" in page and "Thursday release" in page
    assert "load test" in page and "Requested" in page
    assert "Add a resource" not in page and "Request a booking" not in page


def test_the_programme_tabs_lead_to_resources(client, cast):
    client.force_login(cast.member)
    page = client.get(reverse("programmes:home", kwargs={"slug": cast.programme.slug}))
    assert url(cast) in page.content.decode()


def test_an_outsider_gets_a_404(client, cast):
    make_env(cast)
    client.force_login(cast.outsider)
    response = client.get(url(cast))
    assert response.status_code == 404 and "Staging" not in response.content.decode()


def test_the_msm_adds_a_test_environment(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast, "resource_new"), {
        "kind": "test_env", "name": "Perf lab", "description": "8 cores"})
    assert response.status_code == 302
    resource = Resource.objects.get(name="Perf lab")
    assert resource.programme == cast.programme and resource.window_starts_at is None
    assert AuditEntry.objects.filter(action="resource.create", actor=cast.msm).exists()


def test_a_release_slot_window_is_typed_in_the_msms_time_zone(client, cast):
    cast.msm.timezone = "Asia/Tokyo"
    cast.msm.save()
    day = (timezone.now() + timedelta(days=30)).date()
    client.force_login(cast.msm)
    client.post(url(cast, "resource_new"), {
        "kind": "release_slot", "name": "Next release", "window_starts_at": f"{day}T14:00",
        "window_ends_at": f"{day}T16:00"})
    slot = Resource.objects.get(name="Next release")
    assert slot.window_starts_at.isoformat() == f"{day}T05:00:00+00:00"


def test_a_release_slot_without_a_window_is_refused_and_the_input_kept(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast, "resource_new"), {
        "kind": "release_slot", "name": "Lost release", "description": "keep me"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "needs the start of its window" in page
    assert "Lost release" in page and "keep me" in page
    assert not Resource.objects.filter(name="Lost release").exists()


def test_a_duplicate_name_is_refused_next_to_the_field(client, cast):
    make_env(cast)
    client.force_login(cast.msm)
    response = client.post(url(cast, "resource_new"), {"kind": "test_env", "name": "staging"})
    assert response.status_code == 400
    assert "already has a resource with that name" in response.content.decode()


def test_the_msm_edits_a_resource(client, cast):
    env = make_env(cast)
    client.force_login(cast.msm)
    client.post(url(cast, "resource_edit", resource_id=env.pk),
                {"kind": "test_env", "name": "Staging EU", "description": ""})
    assert Resource.objects.get(pk=env.pk).name == "Staging EU"


def test_a_failed_edit_keeps_the_typed_name_but_not_in_the_stored_resource(client, cast):
    env = make_env(cast)
    make_env(cast, name="UAT")
    client.force_login(cast.msm)
    response = client.post(url(cast, "resource_edit", resource_id=env.pk),
                           {"kind": "test_env", "name": "UAT", "description": "typed"})
    assert response.status_code == 400 and "typed" in response.content.decode()
    assert Resource.objects.get(pk=env.pk).name == "Staging"


def test_the_msm_archives_and_restores_a_resource(client, cast):
    env = make_env(cast)
    client.force_login(cast.msm)
    client.post(url(cast, "resource_archive", resource_id=env.pk), {"archived": "1"})
    assert Resource.objects.get(pk=env.pk).archived
    client.post(url(cast, "resource_archive", resource_id=env.pk), {"archived": "0"})
    assert not Resource.objects.get(pk=env.pk).archived


@pytest.mark.parametrize("name", ["resource_new", "resource_edit"])
def test_a_scrum_master_may_not_manage_resources(client, cast, name):
    env = make_env(cast)
    kwargs = {"resource_id": env.pk} if name == "resource_edit" else {}
    client.force_login(cast.scrum_master)
    assert client.get(url(cast, name, **kwargs)).status_code == 403
    assert client.post(url(cast, name, **kwargs), {"kind": "test_env",
                                                   "name": "X"}).status_code == 403


def test_a_member_may_not_archive(client, cast):
    env = make_env(cast)
    client.force_login(cast.member)
    assert client.post(url(cast, "resource_archive", resource_id=env.pk)).status_code == 403
    assert not Resource.objects.get(pk=env.pk).archived


def test_archiving_rejects_get(client, cast):
    env = make_env(cast)
    client.force_login(cast.msm)
    assert client.get(url(cast, "resource_archive", resource_id=env.pk)).status_code == 405


def test_a_resource_of_another_programme_is_a_404(client, cast):
    env = make_env(cast)
    client.force_login(cast.outsider)
    other = reverse("programmes:resource_edit",
                    kwargs={"slug": cast.other_programme.slug, "resource_id": env.pk})
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_query_count_is_flat(client, cast, count, django_assert_num_queries):
    env = make_env(cast)
    for n in range(count):
        booking = ask(env, cast.team if n % 2 else cast.other_team, cast.msm,
                      starts_in=24 + 3 * n)
        if n % 3 == 0:
            bookings.booking_cancel(booking=booking, by=cast.msm)
    client.force_login(cast.msm)
    # session, user, programme, 2 access, inbox badge, resources, upcoming bookings,
    # cancelled ones still ahead
    with django_assert_num_queries(10):
        assert client.get(url(cast)).status_code == 200


def test_the_kind_of_an_existing_resource_cannot_change(client, cast):
    env = make_env(cast)
    client.force_login(cast.msm)
    client.post(url(cast, "resource_edit", resource_id=env.pk), {
        "kind": "release_slot", "name": "Staging", "window_starts_at": "2030-01-01T10:00",
        "window_ends_at": "2030-01-01T12:00"})
    env.refresh_from_db()
    assert (env.kind, env.window_starts_at) == ("test_env", None)
