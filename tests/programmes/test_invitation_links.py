"""An invitation link sets a password once, within PASSWORD_RESET_TIMEOUT; a used, expired or
garbled link gets a clear page, never a 500, and changes nothing."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from programmes import services
from programmes.models import Person, ProgrammeRole

NEW_PASSWORD = {"new_password1": "a-Long-pass-2026", "new_password2": "a-Long-pass-2026"}


@pytest.fixture
def invited(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = services.person_invite(email="nia@example.com", name="Nia", invited_by=cast.msm,
                                        programme=cast.programme)
    return person


def _link(body: str) -> str:
    return "/accounts/invitation/" + body.split("/accounts/invitation/", 1)[1].split()[0]


def _refused(response):
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "This invitation no longer works" in response.content.decode()


def test_the_invitation_email_holds_a_link_that_opens_the_form(client, invited):
    page = client.get(_link(mail.outbox[0].body), follow=True)
    assert page.status_code == 200 and page.context["validlink"]


def test_the_set_password_form_works_once(client, invited):
    page = client.get(_link(mail.outbox[0].body), follow=True)
    set_url = page.redirect_chain[-1][0]
    assert client.post(set_url, NEW_PASSWORD).status_code == 302
    client.logout()

    again = client.post(set_url, {"new_password1": "Another-pass-2026",
                                  "new_password2": "Another-pass-2026"})

    _refused(again)
    invited.refresh_from_db()
    assert invited.check_password("a-Long-pass-2026")


def test_an_expired_invitation_is_refused_with_a_clear_page(client, invited, monkeypatch):
    link = _link(mail.outbox[0].body)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    _refused(client.get(link, follow=True))
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_an_invitation_still_works_just_before_it_expires(client, invited, monkeypatch):
    link = _link(mail.outbox[0].body)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    assert client.get(link, follow=True).context["validlink"]


def test_a_garbled_link_is_refused_with_a_clear_page(client, invited):
    for link in ("/accounts/invitation/bm9ib2R5/abc-123/", "/accounts/invitation/%%%/x/",
                 reverse("accept_invitation", kwargs={"uidb64": "MTIzNDU2Nzg", "token": "x-y"})):
        _refused(client.get(link, follow=True))


def test_an_invitation_stops_working_once_the_person_signed_in_otherwise(client, invited):
    link = _link(mail.outbox[0].body)
    invited.set_password("set-by-an-admin-2026")
    invited.save()
    client.post(reverse("login"), {"username": "nia@example.com",
                                   "password": "set-by-an-admin-2026"})
    client.logout()

    _refused(client.get(link, follow=True))
    assert Person.objects.get(pk=invited.pk).check_password("set-by-an-admin-2026")


def test_giving_the_role_again_sends_a_new_link_after_the_old_one_expired(
        client, cast, invited, monkeypatch, django_capture_on_commit_callbacks):
    ProgrammeRole.objects.create(programme=cast.programme, person=invited, role="stakeholder")
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    client.force_login(cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:people", args=[cast.programme.slug]),
                               {"email": "NIA@example.com", "role": "stakeholder"})

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    client.logout()
    _refused(client.get(_link(mail.outbox[0].body), follow=True))
    assert client.get(_link(mail.outbox[1].body), follow=True).context["validlink"]


def test_giving_the_role_again_to_someone_with_a_password_is_refused_without_mail(
        client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.msm)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:people", args=[cast.programme.slug]),
                               {"email": cast.stakeholder.email, "role": "stakeholder"})

    assert response.status_code == 200
    assert "is already Stakeholder" in response.content.decode()
    assert mail.outbox == []
