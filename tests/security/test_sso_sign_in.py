"""Signing in through a real OpenID Provider (tests/security/oidc): the first sign-in
creates a person with no role, a verified email links to the existing person, and a
deactivated account cannot get in."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from programmes.access.second_factor import BY_SSO, SIGNED_IN_BY
from programmes.models import Person, ProgrammeRole, TeamMembership
from tests import factories
from tests.security.oidc import sign_in, start_sign_in

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_offers_each_configured_provider(client, idp):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Example IdP" in page
    assert 'action="/accounts/oidc/example/login/"' in page


def test_the_authorization_request_uses_pkce_a_nonce_and_state(client, idp):
    url = start_sign_in(client)
    assert url.startswith(idp.issuer + "/auth?")
    for parameter in ("code_challenge=", "code_challenge_method=S256", "nonce=", "state="):
        assert parameter in url


def test_a_first_sign_in_creates_the_person_with_no_role(client, idp, idp_browser):
    idp.add_account("newcomer", email="New.Comer@example.com", name="Nell Newcomer",
                    groups=["payments-sm"])
    response = sign_in(client, idp_browser, "newcomer")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:mine")
    person = Person.objects.get(email="new.comer@example.com")
    assert person.name == "Nell Newcomer"
    assert not person.has_usable_password()
    assert int(client.session["_auth_user_id"]) == person.pk
    assert client.session[SIGNED_IN_BY] == BY_SSO
    assert not ProgrammeRole.objects.filter(person=person).exists()
    assert not TeamMembership.objects.filter(person=person).exists()
    assert SocialAccount.objects.get(user=person).uid == "newcomer"


def test_a_verified_email_links_to_the_existing_person(client, idp, idp_browser, cast):
    cast.member.set_password("kept")
    cast.member.save()
    idp.add_account("ana", email=cast.member.email.upper(), name="Ana From IdP")
    response = sign_in(client, idp_browser, "ana")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.member.pk
    assert Person.objects.filter(email__iexact=cast.member.email).count() == 1
    cast.member.refresh_from_db()
    assert cast.member.check_password("kept"), "linking must not wipe the password"
    assert TeamMembership.objects.filter(person=cast.member, team=cast.team).exists()
    # The second time, the link is what finds the person.
    client.logout()
    assert sign_in(client, idp_browser, "ana").status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.member.pk


def test_an_unverified_email_neither_links_nor_creates(client, idp, idp_browser, cast):
    idp.add_account("mallory", email=cast.msm.email, email_verified=False)
    people = Person.objects.count()
    response = sign_in(client, idp_browser, "mallory")
    assert response.status_code == 400
    assert "no verified email address" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert Person.objects.count() == people
    assert not SocialAccount.objects.exists()


def test_a_deactivated_person_cannot_sign_in_through_the_provider(client, idp, idp_browser):
    person = factories.PersonFactory(email="gone@example.com", is_active=False)
    idp.add_account("gone", email="gone@example.com")
    response = sign_in(client, idp_browser, "gone")
    assert response.status_code == 403
    assert "This account is deactivated" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=person).exists()


def test_a_linked_person_deactivated_later_cannot_sign_in_again(client, idp, idp_browser):
    idp.add_account("leaver", email="leaver@example.com")
    assert sign_in(client, idp_browser, "leaver").status_code == 302
    client.logout()
    Person.objects.filter(email="leaver@example.com").update(is_active=False)
    response = sign_in(client, idp_browser, "leaver")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_after_sign_in_the_person_lands_where_they_were_going(client, idp, idp_browser, cast):
    idp.add_account("maya", email=cast.msm.email)
    target = reverse("programmes:home", kwargs={"slug": cast.programme.slug})
    callback = idp_browser.follow_to_us(start_sign_in(client, next_url=target), login="maya")
    response = client.get(callback.removeprefix("http://testserver"))
    assert response["Location"] == target




def test_a_provider_trusted_for_its_emails_links_without_email_verified(
        client, idp, idp_browser, cast, settings):
    app = idp.app_settings()
    app["settings"]["trust_email"] = True
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
        **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": [app]}}
    idp.add_account("maya", email=cast.msm.email, email_verified=False)
    assert sign_in(client, idp_browser, "maya").status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.msm.pk
