"""Ask the pickers' search as a page's script does, and read its answer."""

from django.urls import reverse

from tests import factories


def pick_url(programme, source: str) -> str:
    return reverse("programmes:pick", kwargs={"slug": programme.slug, "source": source})


def pick(client, programme, source: str, q: str = "", **params):
    return client.get(pick_url(programme, source), {"q": q, **params})


def labels(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [result["label"] for result in response.json()["results"]]


def member_named(team, name: str, email: str | None = None):
    extra = {"email": email} if email else {}
    return factories.make_member(team, factories.PersonFactory(name=name, **extra))
