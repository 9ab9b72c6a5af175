"""The Brown Bag tab, votes with htmx and plain posts, the talk page and the agenda builder."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ceremonies.brownbag import services as brownbag
from ceremonies.models import Talk, TalkVote
from feedback.models import FeedbackItem
from tests.ceremonies.brownbag import closed_brown_bag, open_brown_bag, talk


def _url(name, programme, **kwargs):
    return reverse(f"ceremonies:{name}", kwargs={"slug": programme.slug, **kwargs})


@pytest.fixture
def meeting(cast):
    return open_brown_bag(cast.programme)


@pytest.fixture
def proposed(cast, meeting):
    return talk(cast.programme, cast.member, team=cast.team, title="Feature flags at scale")


def test_the_tab_lists_the_talks_with_their_votes(client, cast, proposed):
    brownbag.talk_vote(talk=proposed, by=cast.msm, vote=True)
    client.force_login(cast.scrum_master)
    page = client.get(_url("brownbag", cast.programme)).content.decode()
    assert "Feature flags at scale" in page and "1 vote" in page
    assert "open</span> until" in page and "noon the day before the Brown Bag" in page


def test_the_tab_costs_the_same_whatever_the_number_of_talks(client, cast, proposed,
                                                             django_assert_num_queries):
    client.force_login(cast.member)
    url = _url("brownbag", cast.programme)
    with django_assert_num_queries(11):
        client.get(url)
    for n in range(5):
        extra = talk(cast.programme, cast.member, team=cast.team, title=f"Talk {n}")
        brownbag.talk_vote(talk=extra, by=cast.msm, vote=True)
    cache.clear()  # both views count the inbox badge afresh
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["talks"]) == 6


def test_an_outsider_gets_404(client, cast, proposed):
    client.force_login(cast.outsider)
    assert client.get(_url("brownbag", cast.programme)).status_code == 404
    response = client.get(_url("brownbag_talk", cast.programme, talk_id=proposed.pk))
    assert response.status_code == 404 and "Feature flags" not in response.content.decode()


def test_a_vote_with_htmx_returns_the_vote_box(client, cast, proposed):
    client.force_login(cast.scrum_master)
    response = client.post(_url("brownbag_vote", cast.programme, talk_id=proposed.pk),
                           {"vote": "on"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "1 vote" in page and "Take back my vote" in page
    assert TalkVote.objects.filter(talk=proposed, person=cast.scrum_master).exists()


def test_a_plain_vote_redirects_back(client, cast, proposed):
    client.force_login(cast.scrum_master)
    back = _url("brownbag_talk", cast.programme, talk_id=proposed.pk)
    response = client.post(_url("brownbag_vote", cast.programme, talk_id=proposed.pk),
                           {"vote": "on", "next": back})
    assert response.status_code == 302 and response.url == back
    response = client.post(_url("brownbag_vote", cast.programme, talk_id=proposed.pk),
                           {"next": "https://evil.example.com/"})
    assert response.url == _url("brownbag", cast.programme)
    assert not TalkVote.objects.exists()  # the second post toggled it back


def test_voting_rejects_get(client, cast, proposed):
    client.force_login(cast.scrum_master)
    url = _url("brownbag_vote", cast.programme, talk_id=proposed.pk)
    assert client.get(url).status_code == 405


def test_a_late_vote_gets_a_clear_message(client, cast):
    closed_brown_bag(cast.programme)
    sprint = brownbag.current_call(cast.programme).sprint
    late = Talk.objects.create(programme=cast.programme, sprint=sprint, team=cast.team,
                               title="Late", kind="demo")
    client.force_login(cast.scrum_master)
    response = client.post(_url("brownbag_vote", cast.programme, talk_id=late.pk),
                           {"vote": "on"}, headers={"HX-Request": "true"})
    assert "Votes are final" in response.content.decode()
    assert not TalkVote.objects.exists()


def test_a_member_proposes_a_talk_from_the_form(client, cast, meeting):
    client.force_login(cast.member)
    response = client.post(_url("brownbag_propose", cast.programme), {
        "title": "Contract tests", "team": cast.team.pk, "kind": "demo", "minutes": "8",
        "summary": "Pact between Ledger and Card Gateway", "links": "https://example.com/pact"})
    assert response.status_code == 302
    assert Talk.objects.get().title == "Contract tests"


def test_bad_input_is_shown_next_to_the_field_and_kept(client, cast, meeting):
    client.force_login(cast.member)
    response = client.post(_url("brownbag_propose", cast.programme), {
        "title": "Contract tests", "team": cast.team.pk, "kind": "demo", "minutes": "99",
        "links": "not a link"})
    page = response.content.decode()
    assert response.status_code == 400 and 'class="error"' in page
    assert 'value="Contract tests"' in page and "not a link" in page


def test_a_proposal_after_the_call_closed_is_refused_with_a_message(client, cast):
    closed_brown_bag(cast.programme)
    client.force_login(cast.member)
    response = client.post(_url("brownbag_propose", cast.programme), {
        "title": "Too late", "team": cast.team.pk, "kind": "demo", "minutes": "8"})
    assert response.status_code == 409 and "closed" in response.content.decode()
    assert not Talk.objects.exists()


def test_a_question_at_a_talk_goes_to_its_team(client, cast, proposed):
    client.force_login(cast.other_scrum_master)
    response = client.post(_url("brownbag_question", cast.programme, talk_id=proposed.pk),
                           {"title": "Do flags expire?"})
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.kind == "question" and item.source == "brown-bag"
    assert [a.team for a in item.addressees.all()] == [cast.team]


def test_only_the_msm_opens_the_agenda_builder(client, cast, proposed):
    client.force_login(cast.scrum_master)
    assert client.get(_url("brownbag_agenda", cast.programme, number=1)).status_code == 403


def test_the_msm_previews_with_htmx_and_sees_what_does_not_fit(client, cast, proposed):
    long = talk(cast.programme, cast.member, team=cast.team, title="Everything", minutes=45)
    client.force_login(cast.msm)
    url = _url("brownbag_agenda", cast.programme, number=1)
    data = {f"order-{proposed.pk}": 1, f"minutes-{proposed.pk}": 10,
            f"include-{proposed.pk}": "on", f"order-{long.pk}": 2, f"minutes-{long.pk}": 45,
            f"include-{long.pk}": "on"}
    response = client.post(url, data, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and 'id="plan-preview"' in page
    assert "Does not fit the timebox" in page and "Everything (45 min)" in page


def test_the_msm_writes_the_agenda_and_lands_in_the_room(client, cast, meeting, proposed):
    client.force_login(cast.msm)
    url = _url("brownbag_agenda", cast.programme, number=1)
    response = client.post(url, {f"order-{proposed.pk}": 1, f"minutes-{proposed.pk}": 7,
                                 f"include-{proposed.pk}": "on", "action": "write"})
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    titles = list(meeting.items.order_by("position").values_list("title", "timebox_seconds"))
    assert titles[1] == ("Feature flags at scale", 420)


def test_a_stakeholder_cannot_record_register_entries(client, cast):
    client.force_login(cast.stakeholder)
    assert client.get(_url("register_new", cast.programme)).status_code == 403


def test_a_member_records_an_entry_from_a_talk(client, cast, proposed):
    client.force_login(cast.member)
    form = client.get(_url("register_new", cast.programme), {"talk": proposed.pk})
    assert 'value="Feature flags at scale"' in form.content.decode()
    response = client.post(_url("register_new", cast.programme), {
        "problem": "Feature flags at scale", "tags": "Feature Flags", "team": cast.team.pk,
        "solved_on": "2026-11-20", "write_up": "One flag service.", "talk": proposed.pk})
    assert response.status_code == 302
    entry = proposed.register_entries.get()
    assert entry.tags == "feature flags" and entry.recorded_by == cast.member


def test_only_managers_see_the_knowledge_spread(client, cast):
    client.force_login(cast.member)
    assert client.get(_url("register_spread", cast.programme)).status_code == 403
    client.force_login(cast.msm)
    assert client.get(_url("register_spread", cast.programme)).status_code == 200


def test_a_question_to_ones_own_team_is_refused_and_the_text_kept(client, cast, proposed):
    client.force_login(cast.member)
    response = client.post(_url("brownbag_question", cast.programme, talk_id=proposed.pk),
                           {"title": "Why flags?"})
    page = response.content.decode()
    assert response.status_code == 400 and "ask your own team" in page
    assert 'value="Why flags?"' in page and not FeedbackItem.objects.exists()


def test_once_the_brown_bag_started_the_agenda_builder_is_not_offered(client, cast, meeting,
                                                                     proposed):
    from ceremonies.meetings import state as room

    room.meeting_start(meeting=meeting, by=cast.msm)
    client.force_login(cast.msm)
    assert "Build the agenda" not in client.get(_url("brownbag", cast.programme)).content.decode()
    response = client.post(_url("brownbag_agenda", cast.programme, number=1), {
        f"order-{proposed.pk}": 1, f"minutes-{proposed.pk}": 7, "action": "write"})
    assert response.status_code == 409 and "before the meeting starts" in response.content.decode()


def test_a_past_sprints_call_shows_its_talks_without_vote_buttons(client, cast):
    closed_brown_bag(cast.programme)
    sprint = brownbag.current_call(cast.programme).sprint
    Talk.objects.create(programme=cast.programme, sprint=sprint, team=cast.team,
                        title="Given talk", kind="demo")
    client.force_login(cast.member)
    page = client.get(_url("brownbag_sprint", cast.programme, number=1)).content.decode()
    assert "Given talk" in page and "votes are final" in page
    assert 'name="vote"' not in page
