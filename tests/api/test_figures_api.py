"""The API's figures come from the pages' selectors: who has posted for the next Scrum of
Scrums (a parent adds up the programmes below it), and the loops of a period of whole days."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ceremonies.steering.pack import steering_pack
from feedback import services
from tests import factories
from tests.ceremonies.updates import half_posted_tree, upcoming_meeting


@pytest.fixture
def tree(cast):
    return half_posted_tree(cast, teams=("Storefront",))


def posting(client, programme):
    return client.get(f"/api/v1/programmes/{programme.slug}/posting")


def test_a_parent_s_posting_adds_up_the_programmes_below_it(api_as, cast, tree):
    body = posting(api_as(cast.parent_msm), cast.parent).json()
    assert (body["programme"], body["teams"], body["posted"], body["missing"]) == (
        cast.parent.slug, 3, 1, 2)
    rows = {row["slug"]: row for row in body["programmes"]}
    assert list(rows) == [cast.programme.slug, tree.slug]
    assert [t["name"] for t in rows[cast.programme.slug]["missing_teams"]] == ["Card Gateway"]
    assert rows[tree.slug]["meeting"]["title"] == "Scrum of Scrums"
    assert (rows[tree.slug]["posted"], rows[tree.slug]["teams"]) == (0, 1)


def test_a_train_s_posting_counts_its_own_teams(api_as, cast, tree):
    body = posting(api_as(cast.scrum_master), cast.programme).json()
    assert (body["teams"], body["posted"]) == (2, 1)
    assert [row["slug"] for row in body["programmes"]] == [cast.programme.slug]


def test_it_is_the_figure_of_the_pack(api_as, cast, tree):
    body = posting(api_as(cast.parent_msm), cast.parent).json()
    pack = steering_pack(programme=cast.parent)["now"]["posting"]
    assert {k: body[k] for k in ("teams", "posted", "missing")} == {
        k: pack[k] for k in ("teams", "posted", "missing")}
    assert [row["missing_teams"] for row in body["programmes"]] == [
        row["missing_teams"] for row in pack["programmes"]]


def test_a_programme_without_a_meeting_coming_up_says_null_and_counts_nobody(api_as, cast):
    body = posting(api_as(cast.msm), cast.programme).json()
    assert body["programmes"][0]["meeting"] is None and (body["posted"], body["missing"]) == (0, 2)


def test_an_outsider_does_not_find_a_programme_s_posting(api_as, cast, tree):
    response = posting(api_as(cast.outsider), cast.parent)
    assert response.status_code == 404 and "Ledger" not in response.content.decode()


def test_the_posting_costs_the_same_for_two_programmes_and_for_ten(
        api_as, cast, tree, django_assert_num_queries):
    client = api_as(cast.parent_msm)
    client.get("/api/v1/me")
    # token, programme, 2 access, the meetings teams post for, the teams with their updates
    with django_assert_num_queries(6):
        assert posting(client, cast.parent).status_code == 200
    for n in range(8):
        train = factories.ProgrammeFactory(name=f"Train {n}", parent=cast.parent)
        factories.TeamFactory(programme=train, name=f"Squad {n}")
        upcoming_meeting(train)
    with django_assert_num_queries(6):
        assert len(posting(client, cast.parent).json()["programmes"]) == 10


# --- loops --------------------------------------------------------------------------------------

def loops(client, programme, **days):
    return client.get(f"/api/v1/programmes/{programme.slug}/loops", **days)


@pytest.fixture
def raised(cast):
    now = timezone.now()
    services.impediment_raise(programme=cast.programme, team=cast.team, title="Test env down",
                              raised_by=cast.scrum_master, at=now - timedelta(days=2))
    services.impediment_raise(programme=cast.programme, team=cast.team, title="Long ago",
                              raised_by=cast.scrum_master, at=now - timedelta(days=45))
    return cast


def test_by_default_the_loops_are_the_pack_s_thirty_days(api_as, raised):
    body = loops(api_as(raised.msm), raised.programme).json()
    pack = steering_pack(programme=raised.programme)["now"]["loops"]
    assert (body["first"], body["last"]) == (pack["first"], pack["last"])
    assert (body["raised"], body["open"], body["closed"], body["closed_in_period"]) == (
        pack["raised"], pack["open"], pack["closed"], pack["closed_in_period"]) == (1, 1, 0, 0)


def test_the_loops_of_days_asked_for(api_as, raised):
    today = raised.programme.today()
    body = loops(api_as(raised.msm), raised.programme,
                 start=str(today - timedelta(days=60)), end=str(today)).json()
    assert (body["first"], body["raised"], body["timezone"]) == (
        str(today - timedelta(days=60)), 2, raised.programme.timezone)


@pytest.mark.parametrize(("start", "end"), [("2027-03-02", "2027-03-01"),
                                            ("0001-01-01", "9999-12-31")])
def test_days_that_run_backwards_or_off_the_calendar_are_a_422_that_says_so(
        api_as, cast, start, end):
    response = loops(api_as(cast.msm), cast.programme, start=start, end=end)
    assert response.status_code == 422
    assert response.json()["errors"]["end"] == [
        "A period runs forward, between 2000-01-01 and 2099-12-31."]


def test_the_first_day_of_the_calendar_counts_from_itself(api_as, cast):
    body = loops(api_as(cast.msm), cast.programme, end="2000-01-01").json()
    assert (body["first"], body["last"]) == ("2000-01-01", "2000-01-01")


def test_an_outsider_does_not_find_a_programme_s_loops(api_as, cast):
    assert loops(api_as(cast.outsider), cast.programme).status_code == 404
