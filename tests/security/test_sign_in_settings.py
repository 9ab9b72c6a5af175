"""A programme's sign-in page: the MSM maps identity-provider groups to roles and can
require two-factor authentication of everyone who signs in with a password."""

import pytest
from django.urls import reverse

from programmes.access.second_factor import BY_SSO, SIGNED_IN_BY
from programmes.identity.twofactor import enrol, new_secret
from programmes.models import AuditEntry, GroupRoleMapping
from tests.security.test_two_factor import code_for

pytestmark = pytest.mark.django_db


def page_of(cast):
    return reverse("programmes:sign_in_settings", kwargs={"slug": cast.programme.slug})


def test_the_msm_maps_a_group_to_scrum_master_of_a_team(client, cast):
    client.force_login(cast.msm)
    response = client.post(page_of(cast), {"form": "mapping", "mapping-group": "payments-sm",
                                           "mapping-role": "scrum_master",
                                           "mapping-team": cast.team.pk})
    assert response.status_code == 302
    mapping = GroupRoleMapping.objects.get()
    assert (mapping.programme, mapping.group, mapping.role, mapping.team) == (
        cast.programme, "payments-sm", "scrum_master", cast.team)
    assert AuditEntry.objects.filter(action="group_mapping.add", actor=cast.msm).exists()
    page = client.get(page_of(cast)).content.decode()
    assert "<code>payments-sm</code>" in page and "Ledger" in page


def test_a_team_role_without_a_team_is_refused_keeping_what_was_typed(client, cast):
    client.force_login(cast.msm)
    response = client.post(page_of(cast), {"form": "mapping", "mapping-group": "payments-sm",
                                           "mapping-role": "member"})
    assert response.status_code == 200
    assert "Choose the team this role is in." in response.content.decode()
    assert 'value="payments-sm"' in response.content.decode()
    assert not GroupRoleMapping.objects.exists()


def test_a_team_of_another_programme_cannot_be_chosen(client, cast):
    from tests import factories

    elsewhere = factories.TeamFactory(programme=cast.other_programme)
    client.force_login(cast.msm)
    client.post(page_of(cast), {"form": "mapping", "mapping-group": "g",
                                "mapping-role": "member", "mapping-team": elsewhere.pk})
    assert not GroupRoleMapping.objects.exists()


def test_the_same_mapping_twice_is_refused(client, cast):
    client.force_login(cast.msm)
    data = {"form": "mapping", "mapping-group": "leads", "mapping-role": "stakeholder"}
    client.post(page_of(cast), data)
    response = client.post(page_of(cast), data)
    assert "already gives that role" in response.content.decode()
    assert GroupRoleMapping.objects.count() == 1


def test_the_msm_removes_a_mapping(client, cast):
    mapping = GroupRoleMapping.objects.create(programme=cast.programme, group="leads",
                                              role="stakeholder")
    client.force_login(cast.msm)
    url = reverse("programmes:group_mapping_remove",
                  kwargs={"slug": cast.programme.slug, "mapping_id": mapping.pk})
    assert client.post(url).status_code == 302
    assert not GroupRoleMapping.objects.exists()


@pytest.mark.parametrize("who", ["scrum_master", "member", "stakeholder", "outsider"])
def test_only_an_msm_may_see_or_change_the_sign_in_rules(client, cast, who):
    mapping = GroupRoleMapping.objects.create(programme=cast.programme, group="leads",
                                              role="stakeholder")
    client.force_login(getattr(cast, who))
    expected = 404 if who == "outsider" else 403
    assert client.get(page_of(cast)).status_code == expected
    assert client.post(page_of(cast), {"form": "rule", "rule-require_two_factor": "on"}
                       ).status_code == expected
    remove = reverse("programmes:group_mapping_remove",
                     kwargs={"slug": cast.programme.slug, "mapping_id": mapping.pk})
    assert client.post(remove).status_code == expected
    assert GroupRoleMapping.objects.exists()
    cast.programme.refresh_from_db()
    assert not cast.programme.require_two_factor


def test_the_page_answers_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    client.force_login(cast.msm)
    client.get(page_of(cast))
    for groups in (("a", "b"), ("c", "d", "e", "f")):
        for group in groups:
            GroupRoleMapping.objects.create(programme=cast.programme, group=group,
                                            role="member", team=cast.team)
        with django_assert_num_queries(9):
            assert client.get(page_of(cast)).status_code == 200


class TestTheProgrammeRule:
    @pytest.fixture
    def required(self, client, cast):
        client.force_login(cast.msm)
        client.post(page_of(cast), {"form": "rule", "rule-require_two_factor": "on"})
        cast.programme.refresh_from_db()
        assert cast.programme.require_two_factor
        client.logout()
        return cast.programme

    def home(self, programme):
        return reverse("programmes:home", kwargs={"slug": programme.slug})

    def test_a_password_user_without_two_factor_is_sent_to_turn_it_on(self, client, cast,
                                                                       required):
        client.force_login(cast.member)
        response = client.get(self.home(required))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('two_factor')}?next=%2Fp%2Fpayments%2F"

    def test_once_it_is_on_the_programme_opens(self, client, cast, required):
        secret = new_secret()
        enrol(cast.member, secret, code_for(secret))
        client.force_login(cast.member)
        assert client.get(self.home(required)).status_code == 200

    def test_someone_signed_in_through_the_identity_provider_is_not_asked(self, client,
                                                                          cast, required):
        client.force_login(cast.member)
        session = client.session
        session[SIGNED_IN_BY] = BY_SSO
        session.save()
        assert client.get(self.home(required)).status_code == 200

    def test_other_programmes_are_not_affected(self, client, cast, required):
        from tests import factories

        factories.make_msm(cast.other_programme, cast.member)
        client.force_login(cast.member)
        assert client.get(self.home(cast.other_programme)).status_code == 200
