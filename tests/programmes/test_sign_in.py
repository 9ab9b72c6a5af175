import re

from django.core import mail
from django.urls import reverse

from tests.factories import PersonFactory


def test_a_person_signs_in_with_their_email(client, db):
    PersonFactory(email="ana@example.com")
    response = client.post(reverse("login"), {"username": "ANA@example.com", "password": "pw"})
    assert response.status_code == 302
    assert response.url == reverse("programmes:mine")


def test_a_wrong_password_is_refused_and_the_email_kept(client, db):
    PersonFactory(email="ana@example.com")
    response = client.post(reverse("login"), {"username": "ana@example.com", "password": "no"})
    assert response.status_code == 200
    assert 'value="ana@example.com"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post(client, db):
    client.force_login(PersonFactory())
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_link_works_once(client, db):
    person = PersonFactory(email="ana@example.com")
    client.post(reverse("password_reset"), {"email": "ana@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "fresh-Pass-2026", "new_password2": "fresh-Pass-2026"})
    person.refresh_from_db()
    assert person.check_password("fresh-Pass-2026")
    assert not client.get(link, follow=True).context["validlink"]


def test_settings_change_the_persons_timezone(client, db):
    person = PersonFactory()
    client.force_login(person)
    client.post(reverse("settings"), {"name": "Ana", "timezone": "America/New_York"})
    person.refresh_from_db()
    assert person.timezone == "America/New_York"


def test_settings_refuse_an_unknown_timezone(client, db):
    client.force_login(PersonFactory())
    response = client.post(reverse("settings"), {"name": "Ana", "timezone": "Nowhere/Land"})
    assert "timezone" in response.context["form"].errors
    assert 'value="Ana"' in response.content.decode()
