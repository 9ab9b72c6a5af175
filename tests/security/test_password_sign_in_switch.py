"""Password sign-in switched off per deployment (PASSWORD_SIGN_IN=false), except for the
break-glass admins (BREAK_GLASS_EMAILS); and a deactivated account gets in by no route."""

import pytest
from django.conf import settings
from django.urls import reverse

from programmes.services import invitation_link
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "a long password"  # noqa: S105


@pytest.fixture
def password_off(settings, idp):
    settings.PASSWORD_SIGN_IN = False
    settings.BREAK_GLASS_EMAILS = ["admin@example.com"]


def person(email, **extra):
    someone = factories.PersonFactory(email=email, **extra)
    someone.set_password(PASSWORD)
    someone.save()
    return someone


def sign_in(client, email, url=None):
    return client.post(url or reverse("login"), {"username": email, "password": PASSWORD})


def test_the_page_offers_single_sign_on_and_hides_the_password_form(client, password_off):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Example IdP" in page
    assert '<details class="break-glass">' in page
    assert "Administrator sign-in with a password" in page


def test_a_person_cannot_sign_in_with_a_password(client, password_off):
    person("ana@example.com")
    response = sign_in(client, "ana@example.com")
    assert response.status_code == 200
    assert "Password sign-in is switched off here" in response.content.decode()
    assert 'value="ana@example.com"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nor_through_the_admin_sign_in(client, password_off):
    person("staff@example.com", is_staff=True, is_superuser=True)
    sign_in(client, "staff@example.com", url="/admin/login/")
    assert "_auth_user_id" not in client.session


def test_the_break_glass_admin_still_can(client, password_off):
    admin = person("Admin@Example.com", is_staff=True, is_superuser=True)
    assert sign_in(client, "admin@example.com")["Location"] == reverse("programmes:mine")
    assert int(client.session["_auth_user_id"]) == admin.pk


def test_with_password_sign_in_on_everyone_signs_in_with_a_password(client):
    person("ana@example.com")
    assert "break-glass" not in client.get(reverse("login")).content.decode()
    assert sign_in(client, "ana@example.com").status_code == 302


def test_a_deactivated_account_cannot_sign_in_with_its_password(client):
    person("gone@example.com", is_active=False)
    response = sign_in(client, "gone@example.com")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_invitation_sets_no_password_and_sends_to_the_provider(client, password_off):
    invited = factories.PersonFactory(email="new@example.com")
    invited.set_unusable_password()
    invited.save()
    link = invitation_link(invited).removeprefix(settings.SITE_URL)
    form_page = client.get(link, follow=True)
    assert "Sign in with Example IdP" in form_page.content.decode()
    assert "Set password and sign in" not in form_page.content.decode()

    client.post(form_page.redirect_chain[-1][0],
                {"new_password1": PASSWORD, "new_password2": PASSWORD})

    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert "_auth_user_id" not in client.session


def test_an_invitation_still_sets_a_password_where_passwords_are_on(client):
    invited = factories.PersonFactory(email="new@example.com")
    invited.set_unusable_password()
    invited.save()
    form_page = client.get(invitation_link(invited).removeprefix(settings.SITE_URL), follow=True)

    client.post(form_page.redirect_chain[-1][0],
                {"new_password1": PASSWORD, "new_password2": PASSWORD})

    invited.refresh_from_db()
    assert invited.check_password(PASSWORD)
    assert int(client.session["_auth_user_id"]) == invited.pk


def test_a_password_reset_reaches_only_a_break_glass_admin(client, password_off, mailoutbox):
    person("ana@example.com")
    person("admin@example.com", is_staff=True)

    client.post(reverse("password_reset"), {"email": "ana@example.com"})
    client.post(reverse("password_reset"), {"email": "admin@example.com"})

    assert [message.to for message in mailoutbox] == [["admin@example.com"]]
