"""A client generated from the served document (`openapi-python-client`, at test time, into a
temporary folder) runs a whole loop against a live server, typed models included: a Scrum
Master posts an update, raises its blocker as an impediment, the MSM escalates it, a
stakeholder answers, and the Scrum Master closes it."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from programmes.access.tokens import token_create
from tests import factories
from tests.ceremonies.updates import upcoming_meeting

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch):
    """The client package `metascrum_client`, generated from what the live server serves."""
    document = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=30)
    (tmp_path / "openapi.json").write_bytes(document.content)
    (tmp_path / "config.yml").write_text("post_hooks: []\n")
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", "openapi.json", "--output-path",
         "metascrum_client", "--meta", "none", "--config", "config.yml"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name.startswith("metascrum_client")]:
        del sys.modules[name]
    return importlib.import_module("metascrum_client")


@pytest.fixture
def loop(transactional_db):
    """A programme of its own (no parent: the MSM escalates straight to its stakeholders)."""
    programme = factories.ProgrammeFactory(name="Payments")
    team = factories.TeamFactory(programme=programme, name="Ledger")
    people = {
        "msm": factories.make_msm(programme, factories.PersonFactory(name="Maya MSM")),
        "scrum_master": factories.make_scrum_master(team, factories.PersonFactory(name="Sam")),
        "stakeholder": factories.make_stakeholder(programme,
                                                  factories.PersonFactory(name="Steve")),
    }
    upcoming_meeting(programme)
    return programme, team, people


def client_for(generated, live_server, person):
    _, token = token_create(person=person, name="generated client")
    return generated.AuthenticatedClient(base_url=live_server.url, token=token,
                                         raise_on_unexpected_status=True)


def test_a_generated_client_closes_a_loop(generated, live_server, loop):
    programme, team, people = loop
    models = importlib.import_module("metascrum_client.models")
    post_update = importlib.import_module("metascrum_client.api.daily_updates.team_update_post")
    raise_blocker = importlib.import_module(
        "metascrum_client.api.daily_updates.update_blocker_raise")
    escalate = importlib.import_module("metascrum_client.api.feedback.feedback_escalate")
    answer = importlib.import_module("metascrum_client.api.feedback.feedback_answer")
    close = importlib.import_module("metascrum_client.api.feedback.feedback_close")
    sam = client_for(generated, live_server, people["scrum_master"])
    maya = client_for(generated, live_server, people["msm"])
    steve = client_for(generated, live_server, people["stakeholder"])
    slug = programme.slug

    posted = post_update.sync_detailed(slug, team.pk, client=sam, body=models.UpdateIn(
        health=models.Health.AMBER, health_reason="Staging is down",
        done="Ledger export in review", blockers="Test environment down"),
        idempotency_key="update-1")
    assert posted.status_code == 201
    update = posted.parsed
    assert isinstance(update, models.UpdateOut) and update.health == models.Health.AMBER
    assert posted.headers["Location"].endswith(f"/teams/{team.pk}/update")

    raised = raise_blocker.sync_detailed(slug, update.id, client=sam,
                                         body=models.BlockerIn(line=0))
    assert raised.status_code == 201
    item = raised.parsed
    assert isinstance(item, models.FeedbackDetailOut)
    assert item.kind == models.FeedbackDetailOutKind.IMPEDIMENT
    assert item.title == "Test environment down" and item.origin_team == team.slug

    item = escalate.sync(slug, item.id, client=maya,
                         body=models.CommentIn(comment="Needs the platform budget"))
    assert isinstance(item, models.FeedbackDetailOut) and item.level == "stakeholders"

    item = answer.sync(slug, item.id, client=steve,
                       body=models.AnswerIn(text="Budget approved: Staging EU is back."))
    assert item.state == models.FeedbackDetailOutState.ANSWERED
    assert item.answer == "Budget approved: Staging EU is back."

    item = close.sync(slug, item.id, client=sam, body=models.CommentIn(comment="Thanks"))
    assert item.state == models.FeedbackDetailOutState.CLOSED
    assert item.closed_at is not None
    assert [entry.kind for entry in item.thread][-1] == "closed"


def test_the_generated_client_sees_a_refusal_as_the_error_model(generated, live_server, loop):
    programme, team, people = loop
    models = importlib.import_module("metascrum_client.models")
    escalate = importlib.import_module("metascrum_client.api.feedback.feedback_escalate")
    steve = client_for(generated, live_server, people["stakeholder"])
    refused = escalate.sync_detailed(programme.slug, 999999, client=steve,
                                     body=models.CommentIn())
    assert refused.status_code == 404
    assert isinstance(refused.parsed, models.ErrorOut) and refused.parsed.detail == "Not found."
