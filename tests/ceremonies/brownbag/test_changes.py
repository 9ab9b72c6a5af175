"""Changing or withdrawing a talk proposal, and correcting a register entry."""

from datetime import date

import pytest
from django.urls import reverse

from ceremonies.brownbag import register
from ceremonies.brownbag import services as brownbag
from ceremonies.models import RegisterEntry, Talk, TalkVote
from programmes.models import AuditEntry
from tests.ceremonies.brownbag import closed_brown_bag, open_brown_bag, sibling_of, talk


def _url(name, programme, **kwargs):
    return reverse(f"ceremonies:{name}", kwargs={"slug": programme.slug, **kwargs})


@pytest.fixture
def proposed(cast):
    open_brown_bag(cast.programme)
    return talk(cast.programme, cast.member, team=cast.team, title="Feature flags")


@pytest.fixture
def entry(cast):
    return register.register_record(
        team=cast.team, by=cast.member, problem="Card tokenisation", tags="pci",
        solved_on=date(2026, 11, 10), write_up="We tokenise at the edge.")


def _talk_post(**overrides):
    data = {"title": "Feature flags, two years on", "team": "", "kind": "demo",
            "minutes": "20", "summary": "What we learnt", "links": ""}
    return {**data, **overrides}


def test_the_proposer_changes_their_talk(client, cast, proposed):
    client.force_login(cast.member)
    response = client.post(_url("brownbag_talk_edit", cast.programme, talk_id=proposed.pk),
                           _talk_post(team=cast.team.pk))
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.title, proposed.kind, proposed.minutes) == (
        "Feature flags, two years on", "demo", 20)


def test_bad_input_keeps_what_was_typed(client, cast, proposed):
    client.force_login(cast.member)
    response = client.post(_url("brownbag_talk_edit", cast.programme, talk_id=proposed.pk),
                           _talk_post(team=cast.team.pk, minutes="0",
                                      summary="Keep this summary"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this summary" in page and "greater than or equal to 1" in page
    proposed.refresh_from_db()
    assert proposed.minutes == 10


def test_another_member_may_not_change_or_withdraw_it(client, cast, proposed):
    client.force_login(cast.scrum_master)
    assert client.get(_url("brownbag_talk_edit", cast.programme,
                           talk_id=proposed.pk)).status_code == 403
    assert client.post(_url("brownbag_talk_withdraw", cast.programme,
                            talk_id=proposed.pk)).status_code == 403
    assert Talk.objects.filter(pk=proposed.pk).exists()


def test_an_outsider_gets_404(client, cast, proposed):
    client.force_login(cast.outsider)
    assert client.get(_url("brownbag_talk_edit", cast.programme,
                           talk_id=proposed.pk)).status_code == 404


def test_the_msm_may_change_any_talk_but_not_move_it_to_another_programmes_team(cast,
                                                                                proposed):
    brownbag.talk_edit(talk=proposed, by=cast.msm, minutes=5)
    sibling, sibling_team, _, _ = sibling_of(cast)
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.talk_edit(talk=proposed, by=cast.msm, team=sibling_team)
    assert refused.value.status == 400


def test_a_member_cannot_hand_their_talk_to_another_team(cast, proposed):
    with pytest.raises(brownbag.BrownBagError) as refused:
        brownbag.talk_edit(talk=proposed, by=cast.member, team=cast.other_team)
    assert refused.value.status == 403


def test_withdrawing_removes_the_talk_and_its_votes(client, cast, proposed):
    brownbag.talk_vote(talk=proposed, by=cast.scrum_master, vote=True)
    client.force_login(cast.member)
    response = client.post(_url("brownbag_talk_withdraw", cast.programme,
                                talk_id=proposed.pk))
    assert response.status_code == 302
    assert not Talk.objects.filter(pk=proposed.pk).exists()
    assert not TalkVote.objects.exists()


def test_nothing_changes_once_the_call_has_closed(client, cast):
    closed_brown_bag(cast.programme)
    sprint = cast.programme.sprints.get(number=1)
    late = Talk.objects.create(programme=cast.programme, sprint=sprint, team=cast.team,
                               proposed_by=cast.member, title="Late", kind="demo")
    client.force_login(cast.member)
    response = client.post(_url("brownbag_talk_edit", cast.programme, talk_id=late.pk),
                           _talk_post(team=cast.team.pk))
    assert response.status_code == 409 and "closed" in response.content.decode()
    response = client.post(_url("brownbag_talk_withdraw", cast.programme, talk_id=late.pk))
    assert response.status_code == 302
    assert Talk.objects.filter(pk=late.pk).exists()


def test_the_team_corrects_its_register_entry_and_the_change_is_audited(client, cast, entry):
    client.force_login(cast.scrum_master)
    response = client.post(_url("register_edit", cast.programme, entry_id=entry.pk), {
        "problem": "Card tokenisation at the edge", "tags": "PCI, payments",
        "team": cast.team.pk, "solved_on": "2026-11-10",
        "write_up": "We tokenise at the edge, before the load balancer.", "links": "",
        "talk": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.problem == "Card tokenisation at the edge" and entry.tags == "pci, payments"
    audit = AuditEntry.objects.get(action="register.edit")
    assert audit.actor == cast.scrum_master and "problem" in audit.changes


def test_a_bad_date_keeps_the_write_up(client, cast, entry):
    client.force_login(cast.member)
    response = client.post(_url("register_edit", cast.programme, entry_id=entry.pk), {
        "problem": "Card tokenisation", "tags": "pci", "team": cast.team.pk,
        "solved_on": "31/02/2026", "write_up": "A longer write-up I typed", "links": "",
        "talk": ""})
    assert response.status_code == 400
    assert "A longer write-up I typed" in response.content.decode()
    assert RegisterEntry.objects.get().write_up == "We tokenise at the edge."


def test_other_teams_and_sibling_programmes_may_not_change_it(client, cast, entry):
    client.force_login(cast.other_scrum_master)
    assert client.get(_url("register_edit", cast.programme,
                           entry_id=entry.pk)).status_code == 403
    sibling, _, sibling_member, sibling_msm = sibling_of(cast)
    client.force_login(sibling_msm)
    assert client.get(_url("register_edit", sibling, entry_id=entry.pk)).status_code == 404
    with pytest.raises(brownbag.BrownBagError):
        register.register_edit(entry=entry, by=sibling_msm, problem="Mine now")


def test_the_entry_page_offers_the_change_only_to_those_who_may(client, cast, entry):
    edit = _url("register_edit", cast.programme, entry_id=entry.pk)
    page = _url("register_entry", cast.programme, entry_id=entry.pk)
    client.force_login(cast.member)
    assert edit in client.get(page).content.decode()
    client.force_login(cast.other_scrum_master)
    assert edit not in client.get(page).content.decode()
