"""Webhooks from GitHub, GitLab and Jira: a right signature applies the change once; a wrong
one is refused with 401 and changes nothing."""


import pytest
from django.urls import reverse

from programmes.models import ItemState, TrackerDelivery, TrackerItem
from tests.programmes.trackers import (
    SECRET,
    body_of,
    connect,
    github_delivery,
    github_issue,
    gitlab_delivery,
    jira_delivery,
    jira_issue,
    sign,
)

pytestmark = pytest.mark.django_db


def post(client, connection, body: bytes, **headers):
    return client.post(reverse("programmes:tracker_webhook", args=[connection.pk]), body,
                       content_type="application/json", headers=headers)


def github_closed(number=1, updated="2026-11-21T10:00:00Z"):
    return body_of(github_delivery(github_issue(number, "Settle refunds", state="closed",
                                                updated=updated, closed=updated)))


@pytest.fixture
def github(cast):
    return connect(cast.programme, "github", "https://api.github.com", team=cast.team,
                   source="acme/ledger")


@pytest.fixture
def gitlab(cast):
    return connect(cast.programme, "gitlab", "https://gitlab.com", team=cast.team,
                   source="acme/ledger")


@pytest.fixture
def jira(cast):
    return connect(cast.programme, "jira_cloud", "https://acme.atlassian.net", team=cast.team,
                   source="PAY", username="maya@example.com")


def github_headers(body, delivery="d-1", secret=SECRET):
    return {"X-GitHub-Event": "issues", "X-GitHub-Delivery": delivery,
            "X-Hub-Signature-256": sign(body, secret)}


# --- GitHub ----------------------------------------------------------------------------------

def test_github_a_signed_delivery_is_applied(client, github, cast):
    body = github_closed()

    response = post(client, github, body, **github_headers(body))

    assert response.status_code == 200
    item = TrackerItem.objects.get()
    assert (item.team, item.key, item.state) == (cast.team, "#1", ItemState.DONE)


def test_github_a_wrong_signature_gets_401_and_changes_nothing(client, github):
    body = github_closed()

    response = post(client, github, body, **github_headers(body, secret="guessed"))

    assert response.status_code == 401
    assert not TrackerItem.objects.exists() and not TrackerDelivery.objects.exists()


def test_github_an_unsigned_delivery_gets_401(client, github):
    body = github_closed()
    headers = github_headers(body)
    del headers["X-Hub-Signature-256"]

    assert post(client, github, body, **headers).status_code == 401
    assert not TrackerItem.objects.exists()


def test_github_a_body_altered_after_signing_gets_401(client, github):
    body = github_closed()
    headers = github_headers(body)

    assert post(client, github, body.replace(b"Settle", b"Forged"), **headers).status_code == 401


def test_github_a_repeated_delivery_is_applied_once(client, github):
    body = github_closed()
    post(client, github, body, **github_headers(body))
    TrackerItem.objects.update(state=ItemState.IN_PROGRESS, title="Reopened since")

    again = post(client, github, body, **github_headers(body))

    assert again.status_code == 200 and again.content == b"repeated"
    assert TrackerItem.objects.get().title == "Reopened since"
    assert TrackerDelivery.objects.count() == 1


def test_github_an_older_delivery_does_not_undo_a_newer_one(client, github):
    newer = github_closed(updated="2026-11-22T10:00:00Z")
    post(client, github, newer, **github_headers(newer, "d-new"))
    older = body_of(github_delivery(github_issue(1, "Settle refunds", assignee="ana",
                                                 updated="2026-11-21T10:00:00Z"),
                                    action="assigned"))

    post(client, github, older, **github_headers(older, "d-old"))

    assert TrackerItem.objects.get().state == ItemState.DONE


def test_github_a_repository_mapped_to_no_team_is_ignored(client, github):
    body = body_of(github_delivery(github_issue(1, "Other"), repo="acme/other"))

    assert post(client, github, body, **github_headers(body)).status_code == 202
    assert not TrackerItem.objects.exists()


def test_github_a_pull_request_merged_is_done(client, github):
    pull = github_issue(9, "Refund API", pull=True, state="closed",
                        closed="2026-11-21T10:00:00Z", merged="2026-11-21T10:00:00Z")
    body = body_of(github_delivery(pull, event="pull_request"))
    headers = {**github_headers(body), "X-GitHub-Event": "pull_request"}

    assert post(client, github, body, **headers).status_code == 200
    item = TrackerItem.objects.get()
    assert item.is_change and item.state == ItemState.DONE and item.key == "#9"


def test_a_connection_without_a_secret_refuses_every_delivery(client, cast):
    bare = connect(cast.programme, "github", "https://api.github.com", team=cast.team,
                   source="acme/ledger", secret="")
    body = github_closed()

    assert post(client, bare, body, **github_headers(body, secret="")).status_code == 401


# --- GitLab ----------------------------------------------------------------------------------

def gitlab_headers(delivery="uuid-1", token=SECRET):
    return {"X-Gitlab-Event": "Issue Hook", "X-Gitlab-Token": token,
            "X-Gitlab-Event-UUID": delivery}


def test_gitlab_a_delivery_with_the_token_is_applied(client, gitlab):
    body = body_of(gitlab_delivery(3, "Holiday feed", labels=["blocked"], state="opened",
                                   action="update"))

    assert post(client, gitlab, body, **gitlab_headers()).status_code == 200
    item = TrackerItem.objects.get()
    assert (item.key, item.blocked, item.state) == ("#3", True, ItemState.TODO)


def test_gitlab_a_wrong_token_gets_401_and_changes_nothing(client, gitlab):
    body = body_of(gitlab_delivery(3, "Holiday feed"))

    assert post(client, gitlab, body, **gitlab_headers(token="nope")).status_code == 401
    assert not TrackerItem.objects.exists()


def test_gitlab_a_repeated_delivery_is_applied_once(client, gitlab):
    body = body_of(gitlab_delivery(3, "Holiday feed"))
    post(client, gitlab, body, **gitlab_headers())
    TrackerItem.objects.update(title="Changed since")

    assert post(client, gitlab, body, **gitlab_headers()).content == b"repeated"
    assert TrackerItem.objects.get().title == "Changed since"


def test_gitlab_a_merged_merge_request_is_done(client, gitlab):
    body = body_of(gitlab_delivery(4, "Refund API", state="merged", action="merge",
                                   merge_request=True))
    headers = {**gitlab_headers(), "X-Gitlab-Event": "Merge Request Hook"}

    assert post(client, gitlab, body, **headers).status_code == 200
    item = TrackerItem.objects.get()
    assert (item.key, item.is_change, item.state) == ("!4", True, ItemState.DONE)


# --- Jira ------------------------------------------------------------------------------------

def jira_headers(body, delivery="jira-1", secret=SECRET):
    return {"X-Atlassian-Webhook-Identifier": delivery, "X-Hub-Signature": sign(body, secret)}


def test_jira_a_signed_delivery_is_applied(client, jira):
    body = body_of(jira_delivery(jira_issue(7, "Chargebacks", category="done", points=8,
                                            resolved="2026-11-21T10:00:00.000+0000")))

    assert post(client, jira, body, **jira_headers(body)).status_code == 200
    item = TrackerItem.objects.get()
    assert (item.key, item.state, int(item.points)) == ("PAY-7", ItemState.DONE, 8)
    assert item.url == "https://acme.atlassian.net/browse/PAY-7"


def test_jira_a_wrong_signature_gets_401_and_changes_nothing(client, jira):
    body = body_of(jira_delivery(jira_issue(7, "Chargebacks")))

    assert post(client, jira, body, **jira_headers(body, secret="nope")).status_code == 401
    assert not TrackerItem.objects.exists()


def test_jira_a_retried_delivery_is_applied_once(client, jira):
    body = body_of(jira_delivery(jira_issue(7, "Chargebacks")))
    post(client, jira, body, **jira_headers(body))
    TrackerItem.objects.update(title="Changed since")

    assert post(client, jira, body, **jira_headers(body)).content == b"repeated"
    assert TrackerItem.objects.get().title == "Changed since"


def test_a_signed_body_that_is_not_json_gets_400(client, jira):
    body = b"not json"

    assert post(client, jira, body, **jira_headers(body)).status_code == 400


def test_an_unknown_connection_gets_404(client, db):
    assert post(client, type("C", (), {"pk": 999999})(), b"{}").status_code == 404


def test_a_get_is_refused(client, jira):
    url = reverse("programmes:tracker_webhook", args=[jira.pk])

    assert client.get(url).status_code == 405
