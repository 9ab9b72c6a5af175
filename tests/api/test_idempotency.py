"""`Idempotency-Key` on a POST: a retry with the same key, from the same token, within 24 hours
gets the first answer again (status, headers, body) and creates nothing twice; the same key for
another request is a 422; retries that arrive together are safe."""

import json
import threading
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from feedback import services as feedback
from feedback.models import FeedbackItem
from programmes.access.idempotency import forget_expired
from programmes.access.tokens import token_create
from programmes.models import IdempotentRequest

RAISE = {"kind": "impediment", "title": "Staging down", "direction": "up"}


def raise_path(cast):
    return f"/api/v1/programmes/{cast.programme.slug}/feedback"


def post(client, path, body, key=None):
    headers = dict(client.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.client.post(path, json.dumps(body), content_type="application/json",
                              headers=headers)


@pytest.fixture
def msm(api_as, cast):
    return api_as(cast.msm)


def test_a_retry_gets_the_first_answer_and_creates_one_item(msm, cast):
    first = post(msm, raise_path(cast), RAISE, key="key-1")
    again = post(msm, raise_path(cast), RAISE, key="key-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert FeedbackItem.objects.count() == 1


def test_without_a_key_each_post_acts(msm, cast):
    post(msm, raise_path(cast), RAISE)
    post(msm, raise_path(cast), RAISE)
    assert FeedbackItem.objects.count() == 2


def test_the_same_key_for_another_request_is_a_422(msm, cast):
    post(msm, raise_path(cast), RAISE, key="key-1")
    response = post(msm, raise_path(cast), {**RAISE, "title": "Something else"}, key="key-1")
    assert response.status_code == 422
    assert "different request" in response.json()["errors"]["Idempotency-Key"][0]
    assert FeedbackItem.objects.count() == 1


def test_a_key_belongs_to_its_token(msm, api_as, cast):
    post(msm, raise_path(cast), RAISE, key="key-1")
    other = api_as(cast.msm)  # the same person, another token
    assert post(other, raise_path(cast), RAISE, key="key-1").status_code == 201
    assert FeedbackItem.objects.count() == 2


def test_a_refusal_is_replayed_too(api_as, cast):
    member = api_as(cast.outsider)
    first = post(member, raise_path(cast), RAISE, key="k")
    assert first.status_code == 404
    assert post(member, raise_path(cast), RAISE, key="k").content == first.content


def test_a_decision_retried_is_not_a_conflict(msm, cast):
    from tests.security.world import build_world

    world = build_world(cast)
    path = f"/api/v1/programmes/{cast.programme.slug}/bookings/{world.values['booking_id']}"
    first = post(msm, f"{path}/confirm", {}, key="confirm-1")
    assert first.status_code == 200
    assert post(msm, f"{path}/confirm", {}, key="confirm-1").status_code == 200
    assert post(msm, f"{path}/confirm", {}).status_code == 409  # without the key: done already


@pytest.mark.parametrize("key", ["", "with space", "é", "x" * 256])
def test_a_malformed_key_is_a_400(msm, cast, key):
    response = post(msm, raise_path(cast), RAISE, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert FeedbackItem.objects.count() == 0


def test_a_server_error_keeps_nothing_so_a_retry_acts(msm, cast, monkeypatch):
    real = feedback.feedback_raise

    def broken(**kwargs):
        real(**kwargs)
        raise RuntimeError("after the insert")

    monkeypatch.setattr(feedback, "feedback_raise", broken)
    msm.client.raise_request_exception = False
    assert post(msm, raise_path(cast), RAISE, key="k").status_code == 500
    assert FeedbackItem.objects.count() == 0 and IdempotentRequest.objects.count() == 0
    monkeypatch.setattr(feedback, "feedback_raise", real)
    assert post(msm, raise_path(cast), RAISE, key="k").status_code == 201
    assert FeedbackItem.objects.count() == 1


def test_after_24_hours_the_key_acts_again(msm, cast):
    post(msm, raise_path(cast), RAISE, key="k")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    assert post(msm, raise_path(cast), RAISE, key="k").status_code == 201
    assert FeedbackItem.objects.count() == 2 and IdempotentRequest.objects.count() == 1


def test_answers_older_than_24_hours_are_forgotten(msm, cast):
    post(msm, raise_path(cast), RAISE, key="old")
    post(msm, raise_path(cast), RAISE, key="new")
    IdempotentRequest.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25))
    assert forget_expired() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_retries_that_arrive_together_create_one_item(live_server, cast):
    _, token = token_create(person=cast.msm, name="retries")
    start = threading.Barrier(4)
    answers = []

    def retry():
        start.wait()
        answers.append(requests.post(
            live_server.url + raise_path(cast), json=RAISE, timeout=30,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "together"}))

    threads = [threading.Thread(target=retry) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201] * 4
    assert len({a.content for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 3
    assert FeedbackItem.objects.count() == 1
