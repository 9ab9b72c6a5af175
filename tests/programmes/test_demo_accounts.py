"""The demo's sign-in page names its accounts, in demo mode only, and each one is true: it
signs in with the shared password and holds the role it is listed with."""

from pathlib import Path

import pytest
from django.urls import reverse

from programmes import demo
from programmes.models import Person, ProgrammeRole, TeamMembership

ROOT = Path(__file__).resolve().parents[2]
ROLES = {"Meta Scrum Master": ProgrammeRole.Role.MSM,
         "Stakeholder": ProgrammeRole.Role.STAKEHOLDER,
         "Scrum Master": TeamMembership.Role.SCRUM_MASTER,
         "Team member": TeamMembership.Role.MEMBER}


@pytest.fixture
def loaded(db):
    return demo.load()


def test_demo_mode_lists_every_account_with_its_role_and_the_password(client, loaded,
                                                                      settings):
    settings.METASCRUM_DEMO = True

    page = client.get(reverse("login")).content.decode()

    assert "Every demo account has the password <code>metascrum-demo</code>." in page
    assert ("<li><strong>Sam Rivera</strong>, Scrum Master of Ledger: "
            "<code>sam@example.com</code></li>") in page
    for account in demo.accounts():
        assert f"<code>{account.email}</code>" in page
        assert f"{account.role} of {account.of}" in page


def test_outside_demo_mode_the_page_names_no_account(client, loaded, settings):
    settings.METASCRUM_DEMO = False

    page = client.get(reverse("login")).content.decode()

    assert "Demo accounts" not in page
    assert "metascrum-demo" not in page and "msm@example.com" not in page


def test_demo_mode_without_the_demo_loaded_names_no_account(client, db, settings):
    settings.METASCRUM_DEMO = True

    page = client.get(reverse("login")).content.decode()

    assert "Demo accounts" not in page


def test_each_listed_account_signs_in_and_holds_its_role(loaded):
    for account in demo.accounts():
        person = Person.objects.get(email=account.email)
        assert person.name == account.name, account
        assert person.check_password(demo.DEMO_PASSWORD), account
        if account.role in ("Meta Scrum Master", "Stakeholder"):
            held = ProgrammeRole.objects.filter(person=person, programme__name=account.of,
                                                role=ROLES[account.role])
        else:
            held = TeamMembership.objects.filter(person=person, team__name=account.of,
                                                 role=ROLES[account.role])
        assert held.exists(), account


def test_every_role_has_an_account_and_the_readme_lists_them_all():
    readme = (ROOT / "README.md").read_text()
    accounts = demo.accounts()

    assert {a.role for a in accounts} == set(ROLES)
    for account in accounts:
        assert f"`{account.email}`" in readme, account


def test_the_sign_in_still_works_in_demo_mode(client, loaded, settings):
    settings.METASCRUM_DEMO = True

    response = client.post(reverse("login"), {"username": "sam@example.com",
                                              "password": demo.DEMO_PASSWORD})

    assert response.status_code == 302 and response.url == reverse("programmes:mine")
