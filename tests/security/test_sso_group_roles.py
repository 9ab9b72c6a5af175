"""Group claims mapped to roles by an MSM: applied at each single sign-on, shown as from the
identity provider, and taken back at the next sign-in once the person left the group."""

import pytest
from django.urls import reverse

from programmes.models import GroupRoleMapping, ProgrammeRole, TeamMembership
from tests.security.oidc import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mappings(cast):
    GroupRoleMapping.objects.create(programme=cast.programme, group="payments-sm",
                                    role="scrum_master", team=cast.other_team)
    GroupRoleMapping.objects.create(programme=cast.programme, group="payments-leads",
                                    role="stakeholder")
    cast.other_team.memberships.all().delete()  # Ledger's neighbour needs a Scrum Master


def test_a_mapped_group_gives_its_role_at_sign_in(client, idp, idp_browser, cast, mappings):
    idp.add_account("nell", email="nell@example.com", groups=["payments-sm", "payments-leads"])
    assert sign_in(client, idp_browser, "nell").status_code == 302
    membership = TeamMembership.objects.get(person__email="nell@example.com")
    assert (membership.team, membership.role, membership.from_idp) == (
        cast.other_team, "scrum_master", True)
    role = ProgrammeRole.objects.get(person__email="nell@example.com")
    assert (role.programme, role.role, role.from_idp) == (cast.programme, "stakeholder", True)


def test_the_person_loses_the_role_at_the_next_sign_in_after_leaving_the_group(
        client, idp, idp_browser, cast, mappings):
    idp.add_account("nell", email="nell@example.com", groups=["payments-sm", "payments-leads"])
    sign_in(client, idp_browser, "nell")
    client.logout()
    idp.set_groups("nell", ["payments-leads"])
    assert sign_in(client, idp_browser, "nell").status_code == 302
    assert not TeamMembership.objects.filter(person__email="nell@example.com").exists()
    assert ProgrammeRole.objects.filter(person__email="nell@example.com").count() == 1


def test_roles_given_by_hand_are_never_taken_back(client, idp, idp_browser, cast, mappings):
    idp.add_account("maya", email=cast.msm.email, groups=[])
    assert sign_in(client, idp_browser, "maya").status_code == 302
    assert ProgrammeRole.objects.filter(person=cast.msm, role="msm").exists()
    assert TeamMembership.objects.filter(person=cast.member).exists()


def test_a_group_role_already_held_by_hand_stays_a_hand_given_role(
        client, idp, idp_browser, cast, mappings):
    idp.add_account("steve", email=cast.stakeholder.email, groups=["payments-leads"])
    sign_in(client, idp_browser, "steve")
    client.logout()
    idp.set_groups("steve", [])
    sign_in(client, idp_browser, "steve")
    assert ProgrammeRole.objects.get(person=cast.stakeholder).from_idp is False


def test_a_team_with_a_scrum_master_already_gets_no_second_one(client, idp, idp_browser, cast):
    GroupRoleMapping.objects.create(programme=cast.programme, group="ledger-sm",
                                    role="scrum_master", team=cast.team)
    idp.add_account("nell", email="nell@example.com", groups=["ledger-sm"])
    assert sign_in(client, idp_browser, "nell").status_code == 302
    assert not TeamMembership.objects.filter(person__email="nell@example.com").exists()
    assert TeamMembership.objects.get(team=cast.team, role="scrum_master").person == (
        cast.scrum_master)


def test_the_people_page_shows_which_roles_come_from_the_identity_provider(
        client, idp, idp_browser, cast, mappings):
    idp.add_account("nell", email="nell@example.com", groups=["payments-sm"])
    sign_in(client, idp_browser, "nell")
    client.force_login(cast.msm)
    page = client.get(reverse("programmes:people", kwargs={"slug": cast.programme.slug}))
    rows = [row for row in page.content.decode().split("<tr>") if "from your identity" in row]
    assert len(rows) == 1 and "Scrum Master" in rows[0]
