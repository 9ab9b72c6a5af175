"""A password reset link works once, within PASSWORD_RESET_TIMEOUT; a used or expired one
gets a clear page and changes nothing."""

import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from programmes.models import Person
from tests.factories import PersonFactory


@pytest.fixture
def link(client, db):
    PersonFactory(email="ana@example.com")
    client.post(reverse("password_reset"), {"email": "ana@example.com"})
    return re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)


def _refused(response):
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "This link no longer works" in response.content.decode()


def _set(client, link, password):
    page = client.get(link, follow=True)
    return client.post(page.redirect_chain[-1][0],
                       {"new_password1": password, "new_password2": password})


def test_the_set_password_form_does_not_take_a_second_post(client, link):
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "fresh-Pass-2026", "new_password2": "fresh-Pass-2026"})

    again = client.post(set_url, {"new_password1": "other-Pass-2026",
                                  "new_password2": "other-Pass-2026"})

    _refused(again)
    assert Person.objects.get(email="ana@example.com").check_password("fresh-Pass-2026")


def test_a_used_link_gets_a_clear_page(client, link):
    _set(client, link, "fresh-Pass-2026")
    _refused(client.get(link, follow=True))


def test_an_expired_link_is_refused_and_the_password_kept(client, link, monkeypatch):
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    _refused(client.get(link, follow=True))
    assert Person.objects.get(email="ana@example.com").check_password("pw")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []
