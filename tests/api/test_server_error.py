"""An unexpected error in an API operation is a 500 in the JSON error shape, and is logged
with its traceback as Django logs a 500."""

import logging

import pytest

from programmes import selectors


@pytest.fixture
def broken_programmes(monkeypatch):
    def explode(person):
        raise RuntimeError("the selector broke")

    monkeypatch.setattr(selectors, "programmes_for_person", explode)


@pytest.fixture
def client(api_as, cast):
    client = api_as(cast.member)
    # The handler answers, so nothing should reach the test client; if something did, the test
    # would see Django's HTML page rather than the exception.
    client.client.raise_request_exception = False
    return client


def test_it_answers_a_500_in_json(client, broken_programmes):
    response = client.get("/api/v1/programmes")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Something went wrong on our side."}


def test_it_logs_the_exception(client, broken_programmes, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        client.get("/api/v1/programmes")
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelno == logging.ERROR and record.status_code == 500
    assert record.exc_info[1].args == ("the selector broke",)


def test_it_does_not_leak_the_error(client, broken_programmes):
    assert "selector" not in client.get("/api/v1/programmes").content.decode()


def test_it_answers_normally_when_nothing_breaks(client):
    response = client.get("/api/v1/programmes")
    assert response.status_code == 200 and response.json()["count"] == 1
