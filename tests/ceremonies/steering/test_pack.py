"""The steering pack's figures against values computed by hand on fixed data."""

import pytest
from django.urls import reverse

from ceremonies.meetings import record
from ceremonies.models import Kind
from ceremonies.steering.pack import pack_items, steering_pack
from tests.ceremonies.meetings import make_meeting
from tests.ceremonies.steering import AT, sos_history, steering_history
from tests.factories import ProgrammeFactory, TeamFactory


@pytest.fixture
def pack(cast, django_capture_on_commit_callbacks):
    sos_history(cast)
    history = steering_history(cast, django_capture_on_commit_callbacks)
    return steering_pack(programme=cast.programme, at=AT), history


def test_each_team_shows_its_latest_health_and_reds_and_ambers_of_its_last_ten(pack):
    data, _ = pack
    teams = {t["name"]: t for t in data["now"]["teams"]}
    # Ledger's last ten: green amber green green amber green green red amber amber.
    assert (teams["Ledger"]["health"], teams["Ledger"]["red"], teams["Ledger"]["amber"],
            teams["Ledger"]["updates"]) == ("amber", 1, 4, 10)
    assert (teams["Card Gateway"]["health"], teams["Card Gateway"]["red"],
            teams["Card Gateway"]["amber"], teams["Card Gateway"]["updates"]) == ("red", 1, 0, 3)


def test_sprint_progress_counts_milestones_due_and_delivered_by_the_sprint_end(pack):
    data, _ = pack
    current, last = data["now"]["sprints"]
    assert (current["label"], current["number"], current["start"], current["end"]) == (
        "current", 2, "2026-11-16", "2026-11-29")
    assert (current["due"], current["delivered"], current["share"]) == (2, 1, 50)  # M3 of M3, M4
    # M1 on time; M2 was delivered on the 17th, after the sprint ended on the 15th.
    assert (last["number"], last["due"], last["delivered"], last["share"]) == (1, 2, 1, 50)


def test_delivered_milestones_are_those_delivered_since_the_last_steering(pack):
    data, _ = pack
    assert data["since"] == "2026-11-10T10:00:00+00:00"
    assert [m["title"] for m in data["now"]["delivered_milestones"]] == ["M2", "M3"]


def test_ceremony_health_over_the_last_thirty_days(pack):
    data, _ = pack
    health = data["now"]["ceremonies"]
    assert (health["scheduled"], health["held"]) == (12, 10)
    assert health["average_overrun_seconds"] == 15  # (5 × 60 − 5 × 30) / 10
    # Eleven meetings not cancelled × two teams; Ledger posted 11 of them, Card Gateway 2.
    assert (health["updates_meetings"], health["updates_expected"], health["updates_posted"],
            health["updates_share"]) == (11, 22, 13, 59)


def test_loop_metrics_come_from_the_feedback_app(pack):
    loops = pack[0]["now"]["loops"]
    assert (loops["raised"], loops["closed"], loops["closed_share"]) == (6, 1, 17)
    assert loops["close_median_hours"] == 24.0


def test_objectives_show_status_and_trend_against_the_last_snapshot(pack):
    objectives = {o["title"]: o for o in pack[0]["going"]["objectives"]}
    assert (objectives["Instant payouts"]["trend"],
            objectives["Instant payouts"]["previous_progress"]) == ("up", 40)
    assert (objectives["PSD3 ready"]["trend"], objectives["PSD3 ready"]["rag"],
            objectives["PSD3 ready"]["previous_status"]) == ("down", "red", "at_risk")
    assert objectives["Card tokens"]["trend"] == "new"
    assert pack[0]["summary"]["objective_progress"] == 42  # (55 + 60 + 10) / 3


def test_milestones_show_what_was_delivered_or_slipped_since_the_snapshot(pack):
    milestones = {m["title"]: (m["state"], m["trend"]) for m in pack[0]["going"]["milestones"]}
    assert milestones == {"M2": ("delivered", "delivered"), "M3": ("delivered", "delivered"),
                          "M4": ("due", "same"), "M5": ("due", "slipped")}


def test_what_changed_since_last_month_lists_the_history_newest_first(pack):
    changes = pack[0]["going"]["changes"]
    assert [c["subject"] for c in changes] == ["M5", "M3", "Card tokens", "M2", "PSD3 ready",
                                               "Instant payouts"]
    assert changes[-1]["changes"] == {"progress": [40, 55]}


def test_what_is_stopping_us_lists_the_oldest_first_with_age_and_owner(pack):
    stopping = pack[0]["stopping"]
    assert [(i["title"], i["age_days"]) for i in stopping["impediments"]] == [
        ("Flaky SIT", 22), ("Go live in May?", 12), ("No HSM", 4)]
    assert stopping["impediments"][0]["owner"] == "Sam SM"
    assert stopping["impediments"][1]["level"] == "stakeholders"
    assert [i["holder"] for i in stopping["impediments"]] == [
        "Payments MSM", "Northwind steering", "Payments MSM"]  # one name per level, as the inbox
    assert [i["title"] for i in stopping["risks"]] == ["Vendor exit"]
    assert [i["title"] for i in stopping["decisions"]] == ["Fund a second SIT"]
    assert stopping["counts"] == {"impediments": 2, "stakeholders": 1, "risks": 1}


def test_decisions_may_be_recorded_against_any_pack_item(pack):
    refs = [ref for ref, _ in pack_items(pack[0])]
    assert f"objective:{pack[1].objectives[0].pk}" in refs
    assert f"feedback:{pack[1].items['risk'].pk}" in refs


def test_a_parent_pack_rolls_up_the_teams_of_its_children(cast):
    sibling = ProgrammeFactory(name="Lending", parent=cast.parent)
    TeamFactory(programme=sibling, name="Scoring")
    TeamFactory(programme=cast.other_programme, name="Not ours")
    data = steering_pack(programme=cast.parent, at=AT)
    assert sorted(t["name"] for t in data["now"]["teams"]) == ["Card Gateway", "Ledger",
                                                               "Scoring"]


def test_the_packs_item_links_are_the_items_own_pages(cast):
    from ceremonies.steering.pack import item_url
    from feedback.models import FeedbackItem

    item = FeedbackItem(programme=cast.programme, pk=4012)
    assert item_url(cast.programme.slug, 4012) == item.get_absolute_url()


def test_the_pack_page_says_what_its_update_figure_counts(pack):
    from django.template.loader import render_to_string

    data, _ = pack
    html = render_to_string("ceremonies/steering/_pack_now.html", {"pack": data})
    assert ("13 of 22 (59%) <span class=\"muted\">— one per team for each of the 11 Scrums "
            "of Scrums of the last 30 days (not cancelled)</span>") in html


def test_a_decision_taken_in_a_meeting_and_sent_up_is_not_a_decision_requested(cast, client):
    meeting = make_meeting(cast.programme, kind=Kind.SCRUM_OF_SCRUMS)
    record.decision_record(meeting=meeting, by=cast.msm, text="Freeze the payment APIs",
                           stakeholders=True)
    stopping = steering_pack(programme=cast.programme)["stopping"]
    assert [i["title"] for i in stopping["decisions_taken"]] == ["Freeze the payment APIs"]
    assert stopping["decisions"] == []
    # The pack page puts it under its own heading, and a steering decision may settle it.
    assert ("feedback:" + str(stopping["decisions_taken"][0]["id"]),
            "Decision: Freeze the payment APIs") in pack_items(
        steering_pack(programme=cast.programme))
    client.force_login(cast.stakeholder)
    html = client.get(reverse("ceremonies:steering_pack", args=[cast.programme.slug])).text
    taken = html.index("Decisions taken in meetings, sent up to be acknowledged")
    assert "Freeze the payment APIs" in html[taken:]
