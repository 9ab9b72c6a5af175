"""Feedback's pickers: an item's owner, the teams it is raised for, sent down or delegated to.
Each searches what its form accepts, for whoever may use that form, and works without JS."""

from django.urls import reverse

from feedback import services
from feedback.models import FeedbackItem
from programmes.selectors import people_in
from tests import factories
from tests.programmes.pickers import labels, member_named, pick

from .helpers import raise_impediment
from .test_forbidden import action_url


def new_url(cast):
    return reverse("feedback:new", kwargs={"slug": cast.programme.slug})


def test_the_owner_picker_offers_the_people_of_the_programme(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)
    offered = labels(pick(client, cast.programme, "feedback-owner", item=item.pk))
    assert offered == sorted(p.name for p in people_in(cast.programme))
    assert "Olga Out" not in offered


def test_whoever_raised_the_item_may_search_its_owner(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.scrum_master)
    assert labels(pick(client, cast.programme, "feedback-owner", "ana", item=item.pk)) == [
        "Ana Member"]


def test_a_member_who_neither_holds_nor_raised_it_may_not(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.other_scrum_master)
    response = pick(client, cast.programme, "feedback-owner", "ana", item=item.pk)
    assert response.status_code == 403
    assert "Ana Member" not in response.content.decode()


def test_a_closed_item_has_no_owner_to_search(cast, client):
    item = raise_impediment(cast)
    services.feedback_answer(item=item, by=cast.msm, text="Done")
    services.feedback_close(item=item, by=cast.scrum_master)
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "feedback-owner", item=item.pk).status_code == 403


def test_an_item_of_another_programme_does_not_exist_here(cast, client):
    team = factories.TeamFactory(programme=cast.other_programme)
    theirs = services.impediment_raise(programme=cast.other_programme, team=team,
                                       title="Theirs", raised_by=cast.outsider)
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "feedback-owner", item=theirs.pk).status_code == 404


def test_the_item_page_shows_the_owner_not_everyone(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)
    html = client.get(item.get_absolute_url()).content.decode()
    form = html[html.index('id="owner-form"'):]
    form = form[:form.index("</form>")]
    assert 'role="combobox"' in form and 'value="Sam SM"' in form
    assert "<option" not in form and "Ana Member" not in form


def test_without_javascript_the_owner_is_named_by_email(cast, client):
    item = raise_impediment(cast)
    client.force_login(cast.msm)
    response = client.post(action_url(item, "owner"),
                           {"owner-owner": cast.scrum_master.pk,
                            "owner-owner__text": cast.member.email}, follow=True)
    assert "Owner changed." in response.content.decode()
    item.refresh_from_db()
    assert item.owner == cast.member


def test_a_name_two_people_share_is_sent_back_with_the_text_kept(cast, client):
    item = raise_impediment(cast)
    member_named(cast.team, "Alex Kim")
    member_named(cast.other_team, "Alex Kim")
    client.force_login(cast.msm)
    response = client.post(action_url(item, "owner"),
                           {"owner-owner": cast.scrum_master.pk, "owner-owner__text": "Alex Kim"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "More than one person here is called “Alex Kim”" in html
    assert 'value="Alex Kim"' in html
    item.refresh_from_db()
    assert item.owner == cast.scrum_master


def test_anyone_of_the_programme_searches_the_teams_to_send_an_item_to(cast, client):
    client.force_login(cast.member)
    assert labels(pick(client, cast.programme, "feedback-teams")) == ["Card Gateway", "Ledger"]


def test_a_member_raises_only_for_their_own_team(cast, client):
    client.force_login(cast.member)
    assert labels(pick(client, cast.programme, "feedback-origin-team")) == ["Ledger"]
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "feedback-origin-team")) == [
        "Card Gateway", "Ledger"]


def test_a_stakeholder_raises_for_no_team(cast, client):
    client.force_login(cast.stakeholder)
    assert pick(client, cast.programme, "feedback-origin-team").status_code == 403


def test_without_javascript_teams_are_typed_separated_by_commas(cast, client):
    client.force_login(cast.msm)
    response = client.post(new_url(cast), {
        "kind": "decision", "title": "Freeze", "direction": "down",
        "teams__text": "ledger, Card Gateway", "origin_team__text": ""})
    item = FeedbackItem.objects.get(title="Freeze")
    assert response.status_code == 302
    assert sorted(a.team.name for a in item.addressees.all()) == ["Card Gateway", "Ledger"]


def test_a_team_that_does_not_exist_is_said_next_to_the_field(cast, client):
    client.force_login(cast.msm)
    response = client.post(new_url(cast), {
        "kind": "decision", "title": "Freeze", "direction": "down",
        "teams": [cast.team.pk], "teams__text": "Ledgr"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "No team here is called “Ledgr”" in html and 'value="Ledgr"' in html
    assert f'name="teams" value="{cast.team.pk}" checked> Ledger' in html  # chip kept
    assert not FeedbackItem.objects.exists()


def _at_programme_level(cast):
    item = services.feedback_raise(programme=cast.programme, kind="request", title="Demo",
                                   direction="down", raised_by=cast.stakeholder)
    assert item.level == FeedbackItem.Level.PROGRAMME
    return item


def test_the_holder_searches_the_teams_to_delegate_to(cast, client):
    item = _at_programme_level(cast)
    client.force_login(cast.msm)
    assert labels(pick(client, cast.programme, "feedback-delegate", "led", item=item.pk)) == [
        "Ledger"]


def test_someone_who_does_not_hold_it_may_not_delegate(cast, client):
    item = _at_programme_level(cast)
    client.force_login(cast.stakeholder)  # raised it; the MSM holds it
    assert pick(client, cast.programme, "feedback-delegate", item=item.pk).status_code == 403


def test_an_item_held_by_a_team_is_delegated_no_further(cast, client):
    item = services.feedback_raise(programme=cast.programme, kind="decision", title="Freeze",
                                   direction="down", raised_by=cast.msm,
                                   addressed_teams=[cast.team])
    assert item.level == FeedbackItem.Level.TEAM
    client.force_login(cast.msm)
    assert pick(client, cast.programme, "feedback-delegate", item=item.pk).status_code == 403


def test_without_javascript_it_is_delegated_to_the_teams_typed(cast, client):
    item = _at_programme_level(cast)
    client.force_login(cast.msm)
    client.post(action_url(item, "delegate"), {"delegate-teams__text": "Card Gateway",
                                               "delegate-comment": ""})
    item.refresh_from_db()
    assert item.level == FeedbackItem.Level.TEAM
    assert [a.team for a in item.addressees.all()] == [cast.other_team]
