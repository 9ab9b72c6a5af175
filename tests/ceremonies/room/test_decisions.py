"""The room's decision form, the same in every meeting: the running slot's team proposed, any
teams of the tree, all of them, the stakeholders or nobody; the record panel and the minutes
say whom each decision went to and who has acknowledged it."""

import pytest
from django.urls import reverse

from ceremonies.meetings import record
from ceremonies.meetings import state as room
from ceremonies.meetings.minutes import minutes_render
from ceremonies.models import Decision, Kind, Meeting
from feedback import services as feedback
from feedback.models import FeedbackItem
from feedback.selectors import inbox
from tests import factories
from tests.ceremonies.meetings import make_meeting


def url(meeting, name="room"):
    return reverse(f"ceremonies:{name}", kwargs={"slug": meeting.programme.slug,
                                                 "pk": meeting.pk})


def started(programme, by, kind=Kind.SCRUM_OF_SCRUMS):
    meeting = make_meeting(programme, kind=kind, minutes=60)
    room.meeting_start(meeting=meeting, by=by)
    meeting.refresh_from_db()
    return meeting


def checkbox(html, value):
    """The chip of team `value` in the decision form's teams picker ("" when not chosen)."""
    form = html.split('id="decision-form"')[1].split("</form>")[0]
    chip = f'name="teams" value="{value}"'
    return form.split(chip)[1].split(">")[0] if chip in form else ""


@pytest.fixture
def meeting(cast):
    return started(cast.programme, cast.msm)


def test_the_running_slots_team_is_proposed(client, cast, meeting):
    slot_team = meeting.current_item.team
    other = cast.other_team if slot_team == cast.team else cast.team
    client.force_login(cast.msm)

    html = client.get(url(meeting)).content.decode()

    assert " checked" in checkbox(html, slot_team.pk)
    assert " checked" not in checkbox(html, other.pk)
    assert f"Proposed: <strong data-slot-team-name>{slot_team.name}</strong>" in html
    assert f'data-slot-team="{slot_team.pk}"' in html


def test_nothing_is_proposed_before_the_meeting_starts(client, cast):
    meeting = make_meeting(cast.programme)
    client.force_login(cast.msm)

    html = client.get(url(meeting)).content.decode()

    assert " checked" not in checkbox(html, cast.team.pk)
    assert "Proposed:" not in html and 'data-slot-team=""' in html


@pytest.mark.parametrize("kind", [Kind.SCRUM_OF_SCRUMS, Kind.BROWN_BAG])
def test_the_facilitator_sends_a_decision_to_two_teams(client, cast, kind):
    meeting = started(cast.programme, cast.msm, kind)
    client.force_login(cast.msm)

    response = client.post(url(meeting, "decision"), {
        "text": "Mobile App ships on Friday", "teams": [cast.team.pk, cast.other_team.pk]},
        follow=True)

    html = response.content.decode()
    assert "Decision recorded and sent to Card Gateway, Ledger to acknowledge." in html
    assert "Card Gateway not yet; Ledger not yet." in html
    assert "Loop open: 0 of 2 acknowledged" in html
    item = Decision.objects.get().routed.get()
    assert list(inbox(cast.scrum_master)["waiting_for_me"]) == [item]
    assert list(inbox(cast.other_scrum_master)["waiting_for_me"]) == [item]


def test_all_teams_in_one_choice(client, cast):
    train = factories.ProgrammeFactory(name="Customer Train", parent=cast.parent)
    storefront = factories.TeamFactory(programme=train, name="Web Storefront")
    meeting = started(cast.parent, cast.parent_msm)
    client.force_login(cast.parent_msm)

    client.post(url(meeting, "decision"), {"text": "Freeze", "all_teams": "on"})

    addressed = {a.team for i in Decision.objects.get().routed.all() for a in i.addressees.all()}
    assert addressed == {cast.team, cast.other_team, storefront}


def test_the_stakeholders_are_offered_and_sent_it(client, cast, meeting):
    client.force_login(cast.msm)
    assert "The stakeholders of Payments" in client.get(url(meeting)).content.decode()

    response = client.post(url(meeting, "decision"), {"text": "Buy a second SIT",
                                                      "stakeholders": "on"}, follow=True)

    assert "sent to the stakeholders of Payments to acknowledge" in response.content.decode()
    item = Decision.objects.get().routed.get()
    assert list(inbox(cast.stakeholder)["waiting_for_me"]) == [item]


def test_a_programme_without_stakeholders_is_not_offered_them(client, cast):
    meeting = started(cast.other_programme, cast.outsider)
    client.force_login(cast.outsider)

    html = client.get(url(meeting)).content.decode()

    assert 'name="stakeholders"' not in html and "and the stakeholders" not in html


def test_a_decision_for_nobody_says_so(client, cast, meeting):
    client.force_login(cast.msm)
    html = client.get(url(meeting)).content.decode()
    assert "Choose nobody and it is only a note in the minutes: nobody is told." in html

    response = client.post(url(meeting, "decision"), {"text": "We keep the 09:30 slot"},
                           follow=True)

    html = response.content.decode()
    assert "Decision recorded for the minutes only: it was sent to nobody." in html
    assert "For the record only: sent to nobody." in html
    assert not FeedbackItem.objects.exists()


@pytest.mark.parametrize("team", ["stranger", "abc", "999999"])
def test_a_team_outside_the_tree_is_refused_and_the_input_kept(client, cast, meeting, team):
    stranger = factories.TeamFactory(programme=cast.other_programme, name="Strangers")
    value = {"stranger": stranger.pk}.get(team, team)
    client.force_login(cast.msm)

    response = client.post(url(meeting, "decision"), {
        "text": "Typed decision", "teams": [cast.team.pk, value], "stakeholders": "on"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Typed decision</textarea>" in html
    assert "only teams of Payments and of the programmes inside it" in html
    assert 'id="decision-teams_error"' in html
    assert " checked" in checkbox(html, cast.team.pk)
    assert 'name="stakeholders" id="decision-stakeholders" checked' in html
    assert not Decision.objects.exists() and not FeedbackItem.objects.exists()


def test_an_empty_decision_is_refused_and_the_teams_kept(client, cast, meeting):
    client.force_login(cast.msm)

    response = client.post(url(meeting, "decision"), {"text": "  ", "teams": [cast.team.pk]})

    html = response.content.decode()
    assert response.status_code == 400 and 'id="decision-text_error"' in html
    assert " checked" in checkbox(html, cast.team.pk)
    assert 'data-touched="true"' in html  # the page's script leaves the ticks alone
    assert not Decision.objects.exists()


@pytest.mark.parametrize("kind", [Kind.SCRUM_OF_SCRUMS, Kind.BROWN_BAG, Kind.STEERING])
@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder"])
def test_only_the_facilitator_records_decisions(client, cast, kind, who):
    meeting = started(cast.programme, cast.msm, kind)
    client.force_login(getattr(cast, who))

    response = client.post(url(meeting, "decision"), {"text": "Mine", "teams": [cast.team.pk]})

    assert response.status_code == 403
    assert not Decision.objects.exists() and not FeedbackItem.objects.exists()
    assert 'id="decision-form"' not in client.get(url(meeting)).content.decode()


def test_an_outsider_gets_a_404(client, cast, meeting):
    client.force_login(cast.outsider)

    response = client.post(url(meeting, "decision"), {"text": "Mine", "teams": [cast.team.pk]})

    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_recording_rejects_get(client, cast, meeting):
    client.force_login(cast.msm)
    assert client.get(url(meeting, "decision")).status_code == 405


def test_a_delegated_facilitator_records_and_sends(client, cast):
    meeting = make_meeting(cast.programme, kind=Kind.BROWN_BAG, minutes=60)
    meeting.facilitator = cast.member
    meeting.save()
    room.meeting_start(meeting=meeting, by=cast.member)
    client.force_login(cast.member)

    response = client.post(url(meeting, "decision"), {"text": "Adopt OIDC",
                                                      "teams": [cast.other_team.pk]})

    assert response.status_code == 302
    assert list(inbox(cast.other_scrum_master)["waiting_for_me"]) == [
        Decision.objects.get().routed.get()]


def acknowledged_decisions(cast, meeting, n):
    """`n` decisions to both teams; Ledger has acknowledged each, Card Gateway none."""
    for i in range(n):
        decision = record.decision_record(meeting=meeting, by=cast.msm, text=f"Decision {i}",
                                          teams=[cast.team, cast.other_team],
                                          stakeholders=i == 0)
        feedback.feedback_acknowledge(item=decision.routed.get(level="team"),
                                      by=cast.scrum_master)


def test_the_record_panel_says_who_has_acknowledged(client, cast, meeting):
    acknowledged_decisions(cast, meeting, 1)
    client.force_login(cast.stakeholder)

    html = client.get(url(meeting)).content.decode()

    panel = html.split('id="decisions"')[1].split("</ul>")[0]
    assert "Decision 0" in panel
    assert "Card Gateway not yet; Ledger acknowledged (Sam SM, " in panel
    assert "Stakeholders of Payments not yet." in panel
    assert "Loop open: 1 of 3 acknowledged" in panel
    assert "Recorded during" not in panel  # the running slot is no label of the decision


def test_the_minutes_list_to_whom_each_decision_went(cast, meeting):
    acknowledged_decisions(cast, meeting, 2)
    feedback.feedback_acknowledge(item=Decision.objects.last().routed.get(),
                                  by=cast.other_scrum_master)
    room.meeting_end(meeting=meeting, by=cast.msm)

    minutes = minutes_render(Meeting.objects.get(pk=meeting.pk))

    slot = meeting.current_item.title
    assert f"- Decision 1\n    Recorded during “{slot}”.\n    Card Gateway acknowledged (" \
        in minutes.text
    assert "Kenji SM" in minutes.text and "Loop closed." in minutes.text
    assert "Card Gateway not yet; Ledger acknowledged (Sam SM, " in minutes.text
    assert 'class="state state-closed decision-loop">Loop closed</span>' in minutes.html


@pytest.mark.parametrize("decisions", [1, 6])
def test_the_room_costs_the_same_for_1_and_6_decisions(client, cast, meeting, decisions,
                                                       django_assert_num_queries):
    acknowledged_decisions(cast, meeting, decisions)
    client.force_login(cast.msm)
    client.get(url(meeting))  # attendance is recorded once, on the first visit
    with django_assert_num_queries(ROOM_QUERIES):
        html = client.get(url(meeting)).content.decode()
    assert html.count("Ledger acknowledged (Sam SM, ") == decisions


@pytest.mark.parametrize("decisions", [1, 6])
def test_the_minutes_cost_the_same_for_1_and_6_decisions(cast, meeting, decisions,
                                                         django_assert_num_queries):
    acknowledged_decisions(cast, meeting, decisions)
    room.meeting_end(meeting=meeting, by=cast.msm)
    ended = Meeting.objects.select_related("programme").get(pk=meeting.pk)
    with django_assert_num_queries(MINUTES_QUERIES):
        minutes = minutes_render(ended)
    assert minutes.text.count("Ledger acknowledged (Sam SM, ") == decisions


ROOM_QUERIES = 28  # the facilitator's running room, its decisions among them (four queries);
# the scaled slots (stop notices, open dependencies, the top of the impediment backlog, the
# teams represented);
# the action form's owner picker searches as one types, so the page no longer lists people;
# one for the people the facilitator added to the minutes' recipients
MINUTES_QUERIES = 9  # agenda and notes, the decisions (four), actions, attendance
