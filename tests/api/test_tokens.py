import re

from django.urls import reverse

from programmes.models import ApiToken


def test_a_person_creates_a_token_and_sees_it_once(client, cast):
    client.force_login(cast.scrum_master)
    response = client.post(reverse("tokens"), {"name": "Jira automation"})
    raw = re.search(r'<code id="new-token">(msk_[^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.objects.get(person=cast.scrum_master)
    assert token.name == "Jira automation"
    assert raw not in (token.digest, token.prefix) and token.prefix == raw[:12]
    again = client.get(reverse("tokens")).content.decode()
    assert raw not in again and token.prefix in again


def test_a_token_acts_as_its_person(client, cast, api_as):
    client.force_login(cast.scrum_master)
    page = client.post(reverse("tokens"), {"name": "bot"}).content.decode()
    raw = re.search(r'<code id="new-token">(msk_[^<]+)</code>', page).group(1)
    api = api_as()
    api.headers["Authorization"] = f"Bearer {raw}"
    assert api.get("/api/v1/me").json()["email"] == cast.scrum_master.email


def test_a_revoked_token_stops_working(client, cast, api_as):
    api = api_as(cast.member)
    token = ApiToken.objects.get(person=cast.member)
    client.force_login(cast.member)
    client.post(reverse("token_revoke", kwargs={"token_id": token.pk}))
    assert api.get("/api/v1/me").status_code == 401


def test_nobody_revokes_someone_elses_token(client, cast, api_as):
    api = api_as(cast.member)
    token = ApiToken.objects.get(person=cast.member)
    client.force_login(cast.msm)
    response = client.post(reverse("token_revoke", kwargs={"token_id": token.pk}))
    assert response.status_code == 404
    assert api.get("/api/v1/me").status_code == 200


def test_a_token_needs_a_name(client, cast):
    client.force_login(cast.member)
    response = client.post(reverse("tokens"), {"name": "  "})
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_an_inactive_persons_token_is_refused(cast, api_as):
    api = api_as(cast.member)
    cast.member.is_active = False
    cast.member.save()
    assert api.get("/api/v1/me").status_code == 401
