from datetime import date

from django.urls import reverse

from programmes.models import Programme, ProgrammeRole
from tests.factories import PersonFactory

VALID = {"name": "Atlas", "slug": "", "description": "", "timezone": "Europe/Berlin",
         "sprint_length_days": "14", "first_sprint_start": "2026-01-05"}


def test_anyone_signed_in_creates_a_programme_and_becomes_its_msm(client, db):
    person = PersonFactory()
    client.force_login(person)
    response = client.post(reverse("programmes:new"), VALID)
    programme = Programme.objects.get(slug="atlas")
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    assert ProgrammeRole.objects.filter(programme=programme, person=person, role="msm").exists()
    assert programme.path == f"/{programme.pk}/"
    assert programme.sprints.first().start == date(2026, 1, 5)


def test_it_refuses_a_bad_timezone_and_sprint_length(client, db):
    client.force_login(PersonFactory())
    response = client.post(reverse("programmes:new"),
                           {**VALID, "timezone": "Mars/Olympus", "sprint_length_days": "0"})
    form = response.context["form"]
    assert "timezone" in form.errors and "sprint_length_days" in form.errors
    assert 'value="Atlas"' in response.content.decode()


def test_it_refuses_a_malformed_date(client, db):
    client.force_login(PersonFactory())
    response = client.post(reverse("programmes:new"), {**VALID, "first_sprint_start": "31/31/2026"})
    assert "first_sprint_start" in response.context["form"].errors


def test_it_refuses_a_taken_slug(client, cast):
    client.force_login(PersonFactory())
    response = client.post(reverse("programmes:new"), {**VALID, "slug": cast.programme.slug})
    assert "slug" in response.context["form"].errors


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.post(reverse("programmes:new"), VALID).status_code == 302
    assert not Programme.objects.exists()


def test_msm_creates_a_child_programme(client, cast):
    client.force_login(cast.msm)
    response = client.post(reverse("programmes:child_new", kwargs={"slug": cast.programme.slug}),
                           {**VALID, "name": "Refunds Train"})
    child = Programme.objects.get(name="Refunds Train")
    assert response.status_code == 302
    assert child.parent == cast.programme
    assert child.path == f"{cast.programme.path}{child.pk}/"


def test_a_stakeholder_may_not_create_a_child_programme(client, cast):
    client.force_login(cast.stakeholder)
    response = client.post(reverse("programmes:child_new", kwargs={"slug": cast.programme.slug}),
                           VALID)
    assert response.status_code == 403
