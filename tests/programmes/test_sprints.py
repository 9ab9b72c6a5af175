from datetime import date, timedelta

from django.core.management import call_command
from django.urls import reverse

from programmes.services import sprints_ensure
from tests.factories import ProgrammeFactory


def test_sprints_follow_the_cadence(db):
    programme = ProgrammeFactory(first_sprint_start=date(2026, 1, 5), sprint_length_days=14)
    sprints_ensure(programme=programme, through=date(2026, 2, 16))
    rows = list(programme.sprints.values_list("number", "start", "end"))
    assert rows == [
        (1, date(2026, 1, 5), date(2026, 1, 18)),
        (2, date(2026, 1, 19), date(2026, 2, 1)),
        (3, date(2026, 2, 2), date(2026, 2, 15)),
        (4, date(2026, 2, 16), date(2026, 3, 1)),
    ]


def test_ensuring_sprints_twice_changes_nothing(db):
    programme = ProgrammeFactory(first_sprint_start=date(2026, 1, 5))
    sprints_ensure(programme=programme, through=date(2026, 3, 1))
    sprints_ensure(programme=programme, through=date(2026, 3, 1))
    assert programme.sprints.count() == 4


def sprint_url(cast, number):
    return reverse("programmes:sprint_edit", kwargs={"slug": cast.programme.slug,
                                                     "number": number})


def test_msm_sets_a_sprint_goal(client, cast):
    sprints_ensure(programme=cast.programme, through=cast.programme.today())
    client.force_login(cast.msm)
    response = client.post(sprint_url(cast, 1), {"goal": "Ledger balances nightly"})
    assert response.status_code == 302
    assert cast.programme.sprints.get(number=1).goal == "Ledger balances nightly"


def test_htmx_goal_edit_returns_just_the_row(client, cast):
    sprints_ensure(programme=cast.programme, through=cast.programme.today())
    client.force_login(cast.msm)
    response = client.post(sprint_url(cast, 1), {"goal": "Ship"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<tr id="sprint-1"') and "<html" not in html
    assert "Ship" in html


def test_a_too_long_goal_is_refused_and_kept(client, cast):
    sprints_ensure(programme=cast.programme, through=cast.programme.today())
    client.force_login(cast.msm)
    response = client.post(sprint_url(cast, 1), {"goal": "x" * 301})
    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()
    assert "x" * 301 in response.content.decode()


def test_a_scrum_master_cannot_set_the_goal(client, cast):
    sprints_ensure(programme=cast.programme, through=cast.programme.today())
    client.force_login(cast.scrum_master)
    assert client.post(sprint_url(cast, 1), {"goal": "Mine"}).status_code == 403


def test_everyone_in_the_programme_sees_the_sprints(client, cast):
    sprints_ensure(programme=cast.programme, through=cast.programme.today() + timedelta(days=30))
    client.force_login(cast.member)
    response = client.get(reverse("programmes:sprints", kwargs={"slug": cast.programme.slug}))
    assert response.status_code == 200
    assert "Sprint 1" in response.content.decode()


def test_an_unknown_sprint_is_a_404(client, cast):
    client.force_login(cast.msm)
    assert client.get(sprint_url(cast, 999)).status_code == 404


def test_the_demo_loads_once(db, capsys):
    from programmes.models import Person, Programme, Team

    call_command("load_demo")
    call_command("load_demo")
    assert Programme.objects.count() == 3
    assert Team.objects.count() >= 8
    assert Person.objects.filter(email="msm@example.com").exists()
    assert "already loaded" in capsys.readouterr().out
