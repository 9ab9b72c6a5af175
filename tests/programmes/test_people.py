import re

from django.core import mail
from django.urls import reverse

from programmes.models import Person, ProgrammeRole, TeamMembership


def url(cast):
    return reverse("programmes:people", kwargs={"slug": cast.programme.slug})


def test_msm_invites_a_new_stakeholder_by_email(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(cast), {"email": "New.Person@Example.com", "name": "Nia New",
                                           "role": "stakeholder"})
    assert response.status_code == 302
    person = Person.objects.get(email="new.person@example.com")
    assert not person.has_usable_password()
    assert ProgrammeRole.objects.filter(person=person, role="stakeholder",
                                        programme=cast.programme).exists()
    assert len(mail.outbox) == 1
    assert "/accounts/invitation/" in mail.outbox[0].body


def test_an_existing_person_gets_the_role_without_an_invitation(client, cast,
                                                                django_capture_on_commit_callbacks):
    client.force_login(cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(cast), {"email": cast.member.email, "role": "member",
                                "team": cast.other_team.pk})
    assert TeamMembership.objects.filter(person=cast.member, team=cast.other_team).exists()
    assert mail.outbox == []


def test_a_team_role_needs_a_team(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"email": "x@example.com", "role": "member"})
    assert "Choose the team" in response.content.decode()
    assert 'value="x@example.com"' in response.content.decode()


def test_a_team_of_another_programme_is_refused(client, cast):
    from tests.factories import TeamFactory

    foreign = TeamFactory(programme=cast.other_programme)
    client.force_login(cast.msm)
    response = client.post(url(cast), {"email": "x@example.com", "role": "member",
                                       "team": foreign.pk})
    assert "team" in response.context["form"].errors
    assert not Person.objects.filter(email="x@example.com").exists()


def test_a_duplicate_role_is_a_clear_message(client, cast):
    client.force_login(cast.msm)
    response = client.post(url(cast), {"email": cast.stakeholder.email, "role": "stakeholder"})
    assert response.status_code == 200
    assert "already Stakeholder" in response.content.decode()


def test_a_new_scrum_master_replaces_the_old_one(client, cast):
    client.force_login(cast.msm)
    client.post(url(cast), {"email": cast.member.email, "role": "scrum_master",
                            "team": cast.team.pk})
    roles = dict(TeamMembership.objects.filter(team=cast.team).values_list("person", "role"))
    assert roles == {cast.member.pk: "scrum_master", cast.scrum_master.pk: "member"}


def test_it_is_forbidden_for_a_scrum_master(client, cast):
    client.force_login(cast.scrum_master)
    assert client.get(url(cast)).status_code == 403
    response = client.post(url(cast), {"email": "x@example.com", "role": "msm"})
    assert response.status_code == 403
    assert not ProgrammeRole.objects.filter(person__email="x@example.com").exists()


def test_the_last_msm_cannot_be_removed(client, cast):
    role = ProgrammeRole.objects.get(programme=cast.programme, person=cast.msm)
    client.force_login(cast.msm)
    response = client.post(reverse("programmes:role_remove",
                                   kwargs={"slug": cast.programme.slug, "role_id": role.pk}),
                           follow=True)
    assert "at least one Meta Scrum Master" in response.content.decode()
    assert ProgrammeRole.objects.filter(pk=role.pk).exists()


def test_msm_removes_a_stakeholder(client, cast):
    role = ProgrammeRole.objects.get(programme=cast.programme, person=cast.stakeholder)
    client.force_login(cast.msm)
    client.post(reverse("programmes:role_remove",
                        kwargs={"slug": cast.programme.slug, "role_id": role.pk}))
    assert not ProgrammeRole.objects.filter(pk=role.pk).exists()


def test_removing_rejects_get(client, cast):
    role = ProgrammeRole.objects.get(programme=cast.programme, person=cast.stakeholder)
    client.force_login(cast.msm)
    response = client.get(reverse("programmes:role_remove",
                                  kwargs={"slug": cast.programme.slug, "role_id": role.pk}))
    assert response.status_code == 405


def test_a_role_of_another_programme_cannot_be_removed(client, cast):
    foreign = ProgrammeRole.objects.get(programme=cast.other_programme)
    client.force_login(cast.msm)
    response = client.post(reverse("programmes:role_remove",
                                   kwargs={"slug": cast.programme.slug, "role_id": foreign.pk}))
    assert response.status_code == 404
    assert ProgrammeRole.objects.filter(pk=foreign.pk).exists()


def test_msm_removes_a_team_membership(client, cast):
    membership = TeamMembership.objects.get(person=cast.member)
    client.force_login(cast.msm)
    client.post(reverse("programmes:membership_remove",
                        kwargs={"slug": cast.programme.slug, "membership_id": membership.pk}))
    assert not TeamMembership.objects.filter(pk=membership.pk).exists()


def test_a_member_cannot_remove_memberships(client, cast):
    membership = TeamMembership.objects.get(person=cast.scrum_master)
    client.force_login(cast.member)
    response = client.post(reverse("programmes:membership_remove", kwargs={
        "slug": cast.programme.slug, "membership_id": membership.pk}))
    assert response.status_code == 403


def invitation_path(body):
    return re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", body).group(1)


def test_the_invitation_link_sets_a_password_once(client, cast,
                                                  django_capture_on_commit_callbacks):
    client.force_login(cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(cast), {"email": "nia@example.com", "role": "stakeholder"})
    client.logout()
    link = invitation_path(mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "a-Long-pass-2026",
                                     "new_password2": "a-Long-pass-2026"})
    assert response.status_code == 302
    assert Person.objects.get(email="nia@example.com").check_password("a-Long-pass-2026")
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "no longer works" in again.content.decode()
