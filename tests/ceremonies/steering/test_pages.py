"""The steering pages: dashboard, pack, objectives and milestones, with forbidden cases."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ceremonies.models import Kind, Objective, SteeringChange
from ceremonies.steering import services as steering
from programmes.models import Booking, Resource
from tests.ceremonies.meetings import make_meeting


def url(cast, name, **kwargs):
    return reverse(f"ceremonies:{name}", kwargs={"slug": cast.programme.slug, **kwargs})


@pytest.fixture
def objective(cast):
    return steering.objective_create(programme=cast.programme, by=cast.msm,
                                     title="Instant payouts", target_date=date(2027, 3, 1),
                                     progress=40, owner=cast.stakeholder)


def test_a_stakeholder_reads_the_dashboard_with_text_labels_for_each_rag(client, cast,
                                                                       objective):
    client.force_login(cast.stakeholder)
    page = client.get(url(cast, "steering")).content.decode()
    assert "Where are we now?" in page and "What is stopping us?" in page
    assert "No update" in page and "Ledger" in page  # a team without updates says so
    assert "On track" in page and "Instant payouts" in page
    assert "<title id=\"chart-open_impediments-title\">" in page and "<desc" in page


def test_a_team_member_reads_the_dashboard_but_cannot_add_objectives(client, cast):
    client.force_login(cast.member)
    page = client.get(url(cast, "steering")).content.decode()
    assert "Add objective" not in page
    assert client.get(url(cast, "objective_new")).status_code == 403


def test_an_outsider_does_not_find_the_dashboard(client, cast):
    client.force_login(cast.outsider)
    assert client.get(url(cast, "steering")).status_code == 404
    assert client.get(url(cast, "steering_pack")).status_code == 404


def test_the_printable_view_applies_the_print_stylesheet_on_screen(client, cast):
    client.force_login(cast.stakeholder)
    page = client.get(url(cast, "steering"), {"print": 1}).content.decode()
    assert 'steering-print.css" media="all"' in page
    page = client.get(url(cast, "steering")).content.decode()
    assert 'steering-print.css" media="print"' in page


def test_the_pack_page_names_the_next_steering_committee(client, cast):
    meeting = make_meeting(cast.programme, kind=Kind.STEERING, minutes=60,
                           day=timezone.localdate() + timedelta(days=2))
    client.force_login(cast.stakeholder)
    page = client.get(url(cast, "steering_pack")).content.decode()
    assert meeting.get_absolute_url() in page
    assert 'id="pack-now"' in page and 'id="pack-going"' in page and 'id="pack-stopping"' in page


def test_the_msm_adds_an_objective_and_its_creation_is_in_the_history(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast, "objective_new"), {
        "title": "PSD3 ready", "target_date": "2027-06-30", "status": "on_track",
        "progress": "5", "owner": cast.stakeholder.pk})
    objective = Objective.objects.get(title="PSD3 ready")
    assert response.status_code == 302 and response.url == objective.get_absolute_url()
    change = SteeringChange.objects.get(objective=objective)
    assert (change.action, change.actor, change.changes["progress"]) == ("created", cast.msm,
                                                                         [None, 5])


def test_a_stakeholder_reads_the_objectives_but_is_offered_no_change(client, cast, objective):
    client.force_login(cast.stakeholder)
    dashboard = client.get(url(cast, "steering")).content.decode()
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Instant payouts" in dashboard and "Add objective" not in dashboard
    assert "Add milestone" not in dashboard
    assert "Edit objective" not in page


def test_a_stakeholder_is_refused_the_objective_and_milestone_forms(client, cast, objective):
    client.force_login(cast.stakeholder)
    assert client.get(url(cast, "objective_new")).status_code == 403
    assert client.get(url(cast, "milestone_new")).status_code == 403
    response = client.post(url(cast, "objective_edit", objective_id=objective.pk), {
        "title": "Mine", "target_date": "2027-03-01", "status": "on_track",
        "progress": "99", "version": objective.version})
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.progress == 40


def test_the_service_refuses_a_stakeholder_too(cast, objective):
    with pytest.raises(steering.SteeringError) as refused:
        steering.objective_update(objective=objective, by=cast.stakeholder, progress=90)
    assert refused.value.status == 403


def test_bad_input_is_refused_next_to_the_field_and_kept(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast, "objective_new"), {
        "title": "Typed title", "target_date": "2027-02-30", "status": "done",
        "progress": "101"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Typed title"' in page and "id_progress_error" in page
    assert "id_target_date_error" in page
    assert not Objective.objects.exists()


def test_editing_an_objective_keeps_who_changed_what_on_its_page(client, cast, objective):
    client.force_login(cast.msm)
    response = client.post(url(cast, "objective_edit", objective_id=objective.pk), {
        "title": "Instant payouts", "target_date": "2027-03-01", "status": "at_risk",
        "progress": "55", "owner": cast.stakeholder.pk, "version": objective.version})
    assert response.status_code == 302
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "progress: 40 → 55" in page and "status: On track → At risk" in page
    assert "Maya MSM" in page


def test_an_edit_from_a_stale_version_is_refused_and_kept(client, cast, objective):
    steering.objective_update(objective=objective, by=cast.msm, progress=50)
    client.force_login(cast.msm)
    response = client.post(url(cast, "objective_edit", objective_id=objective.pk), {
        "title": "Mine", "target_date": "2027-03-01", "status": "on_track",
        "progress": "45", "version": 1})
    assert response.status_code == 409
    assert "Someone else changed" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    objective.refresh_from_db()
    assert (objective.progress, objective.title) == (50, "Instant payouts")


def test_a_member_cannot_edit_an_objective(client, cast, objective):
    client.force_login(cast.scrum_master)
    assert client.post(url(cast, "objective_edit", objective_id=objective.pk),
                       {"title": "x"}).status_code == 403
    with pytest.raises(steering.SteeringError):
        steering.objective_update(objective=objective, by=cast.member, progress=99)


def test_a_milestone_goes_on_a_release_slot_booking_but_not_on_a_test_environment(
        client, cast, objective):
    start = timezone.now() + timedelta(days=3)
    window = {}
    if "window_starts_at" in {f.name for f in Resource._meta.get_fields()}:
        # Release slots carry their fixed window once the resources branch is merged.
        window = {"window_starts_at": start, "window_ends_at": start + timedelta(hours=2)}
    slot = Resource.objects.create(programme=cast.programme, kind="release_slot", name="R1",
                                   **window)
    env = Resource.objects.create(programme=cast.programme, kind="test_env", name="SIT")
    release = Booking.objects.create(resource=slot, team=cast.team, starts_at=start,
                                     ends_at=start + timedelta(hours=2))
    sit = Booking.objects.create(resource=env, team=cast.team, starts_at=start,
                                 ends_at=start + timedelta(hours=2))
    client.force_login(cast.msm)
    data = {"title": "Go live", "objective": objective.pk, "due_date": "2026-12-10"}
    refused = client.post(url(cast, "milestone_new"), {**data, "booking": sit.pk})
    assert refused.status_code == 400
    done = client.post(url(cast, "milestone_new"), {**data, "booking": release.pk})
    assert done.status_code == 302 and done.url == objective.get_absolute_url()
    assert objective.milestones.get().booking == release
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Go live" in page and "R1" in page


def test_a_milestone_is_edited_and_delivered(client, cast, objective):
    milestone = steering.milestone_create(programme=cast.programme, by=cast.msm, title="Beta",
                                          due_date=date(2026, 12, 1), objective=objective)
    client.force_login(cast.msm)
    response = client.post(url(cast, "milestone_edit", milestone_id=milestone.pk), {
        "title": "Beta", "objective": objective.pk, "due_date": "2026-12-01",
        "delivered_on": "2026-11-30", "version": 1})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.delivered_on == date(2026, 11, 30) and milestone.version == 2
    assert SteeringChange.objects.filter(milestone=milestone, action="changed").exists()
