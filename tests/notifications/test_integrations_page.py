"""The Integrations page: the MSM manages chat webhooks and outgoing webhooks."""

import json
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.models import AuditEntry, ChatWebhook, Notification, WebhookSubscription
from tests.notifications.conftest import make_webhook

SLACK = "https://hooks.slack.com/services/T000/B000/secretpartXYZ1"


def url(name, cast, **kwargs):
    return reverse(f"programmes:{name}", kwargs={"slug": cast.programme.slug, **kwargs})


@pytest.fixture
def msm(client, cast):
    client.force_login(cast.msm)
    return client


# --- the page -------------------------------------------------------------------------------

def test_the_page_shows_webhook_urls_masked(msm, cast):
    make_webhook(cast.programme, SLACK)

    page = msm.get(url("integrations", cast)).content.decode()

    assert "https://hooks.slack.com/…XYZ1" in page
    assert "secretpart" not in page


def test_a_stakeholder_may_not_see_it(client, cast):
    client.force_login(cast.stakeholder)

    assert client.get(url("integrations", cast)).status_code == 403


def test_an_outsider_gets_a_404(client, cast):
    client.force_login(cast.outsider)

    assert client.get(url("integrations", cast)).status_code == 404


# --- chat webhooks --------------------------------------------------------------------------

def test_the_msm_adds_a_chat_webhook_for_a_team(msm, cast):
    response = msm.post(url("chat_webhook_add", cast), {
        "chat-name": "#ledger", "chat-flavour": "teams", "chat-team": cast.team.pk,
        "chat-url": SLACK})

    assert response.status_code == 302
    hook = ChatWebhook.objects.get()
    assert (hook.name, hook.team, hook.flavour, hook.url) == ("#ledger", cast.team, "teams",
                                                              SLACK)
    assert AuditEntry.objects.filter(action="chat_webhook.create").exists()


def test_a_second_programme_webhook_is_refused_next_to_the_field(msm, cast):
    make_webhook(cast.programme, SLACK)

    response = msm.post(url("chat_webhook_add", cast), {
        "chat-name": "Another one", "chat-flavour": "slack", "chat-team": "",
        "chat-url": "https://hooks.slack.com/other"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The programme already has its chat webhook" in page
    assert 'value="Another one"' in page
    assert ChatWebhook.objects.count() == 1


def test_a_url_that_is_not_http_is_refused(msm, cast):
    response = msm.post(url("chat_webhook_add", cast), {
        "chat-name": "#ledger", "chat-flavour": "slack", "chat-url": "ftp://files.example/x"})

    assert response.status_code == 400
    assert "Enter an http:// or https:// URL." in response.content.decode()
    assert not ChatWebhook.objects.exists()


def test_editing_keeps_the_secret_url_when_left_empty(msm, cast):
    hook = make_webhook(cast.programme, SLACK)

    form = msm.get(url("chat_webhook_edit", cast, chat_webhook_id=hook.pk)).content.decode()
    response = msm.post(url("chat_webhook_edit", cast, chat_webhook_id=hook.pk), {
        "name": "#payments-team", "flavour": "slack", "team": cast.other_team.pk, "url": ""})

    assert "secretpart" not in form and "…XYZ1" in form
    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.name, hook.team, hook.url) == ("#payments-team", cast.other_team, SLACK)


def test_a_failed_edit_keeps_what_was_typed_and_changes_nothing(msm, cast):
    hook = make_webhook(cast.programme, SLACK)

    response = msm.post(url("chat_webhook_edit", cast, chat_webhook_id=hook.pk), {
        "name": "", "flavour": "slack", "url": "not a url"})

    assert response.status_code == 400
    assert 'value="not a url"' in response.content.decode()
    hook.refresh_from_db()
    assert hook.name == "#payments" and hook.url == SLACK


def test_the_msm_removes_a_chat_webhook(msm, cast):
    hook = make_webhook(cast.programme, SLACK)

    response = msm.post(url("chat_webhook_remove", cast, chat_webhook_id=hook.pk))

    assert response.status_code == 302 and not ChatWebhook.objects.exists()


def test_a_webhook_of_another_programme_is_a_404(msm, cast):
    hook = make_webhook(cast.other_programme, SLACK)

    response = msm.post(url("chat_webhook_remove", cast, chat_webhook_id=hook.pk))

    assert response.status_code == 404 and ChatWebhook.objects.exists()


def test_a_stakeholder_cannot_remove_one(client, cast):
    hook = make_webhook(cast.programme, SLACK)
    client.force_login(cast.stakeholder)

    response = client.post(url("chat_webhook_remove", cast, chat_webhook_id=hook.pk))

    assert response.status_code == 403 and ChatWebhook.objects.exists()


def test_the_test_button_posts_a_message_through_the_outbox(msm, cast, hook_server):
    hook = make_webhook(cast.programme, hook_server.url(), flavour=ChatWebhook.Flavour.SLACK)

    response = msm.post(url("chat_webhook_test", cast, chat_webhook_id=hook.pk), follow=True)

    [body] = hook_server.bodies()
    assert body["text"].startswith("metascrum test message")
    assert "Test sent" in response.content.decode()
    row = Notification.objects.get(kind="webhook_test")
    assert row.state == "sent" and row.recipient == cast.msm


def test_a_refusing_chat_webhook_is_shown_failing(msm, cast, hook_server):
    hook = make_webhook(cast.programme, hook_server.url("/gone"))
    hook_server.statuses["/gone"] = [404]

    page = msm.post(url("chat_webhook_test", cast, chat_webhook_id=hook.pk),
                    follow=True).content.decode()

    assert "Test failed" in page and "HTTP 404 from the webhook" in page


# --- outgoing webhooks ----------------------------------------------------------------------

def _add(msm, cast, target="https://tracker.example/hooks/abc123", events=("meeting.started",)):
    return msm.post(url("webhook_add", cast), {"hook-name": "Tracker", "hook-url": target,
                                               "hook-events": list(events)})


def test_the_secret_is_shown_once_when_added(msm, cast):
    response = _add(msm, cast)

    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 200
    assert subscription.secret in response.content.decode()
    assert subscription.events == ["meeting.started"] and subscription.active
    later = msm.get(url("integrations", cast)).content.decode()
    assert subscription.secret not in later and subscription.secret[:8] + "…" in later
    assert "abc123" not in later


def test_an_outgoing_webhook_needs_events_and_a_web_url(msm, cast):
    response = _add(msm, cast, target="javascript:alert(1)", events=())

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an http:// or https:// URL." in page
    assert "This field is required." in page
    assert not WebhookSubscription.objects.exists()


def test_rotating_shows_a_new_secret_once(msm, cast):
    _add(msm, cast)
    subscription = WebhookSubscription.objects.get()
    old = subscription.secret

    response = msm.post(url("webhook_rotate", cast, subscription_id=subscription.pk))

    subscription.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert subscription.secret != old and subscription.secret_is_standard
    assert f'<code id="new-secret">{subscription.secret}</code>' in page
    assert old not in page
    assert "each delivery is signed with the old secret and with this one" in page
    later = msm.get(url("integrations", cast)).content.decode()
    assert subscription.secret not in later and old not in later
    assert "The old secret also signs until" in later


def test_the_old_secret_is_no_longer_mentioned_after_the_overlap(msm, cast):
    _add(msm, cast)
    subscription = WebhookSubscription.objects.get()
    msm.post(url("webhook_rotate", cast, subscription_id=subscription.pk))
    WebhookSubscription.objects.update(previous_secret_until=timezone.now())

    page = msm.get(url("integrations", cast)).content.decode()

    assert "The old secret also signs until" not in page


def test_the_rotate_button_asks_first(msm, cast, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    _add(msm, cast)

    page = msm.get(url("integrations", cast)).content.decode()

    assert ('data-confirm="Rotate the secret of “Tracker”? The new one is shown once; the old '
            'one keeps signing for 24 hours beside it, then stops."') in page


def test_rotating_needs_a_post(msm, cast):
    _add(msm, cast)
    subscription = WebhookSubscription.objects.get()
    old = subscription.secret

    response = msm.get(url("webhook_rotate", cast, subscription_id=subscription.pk))

    subscription.refresh_from_db()
    assert response.status_code == 405 and subscription.secret == old


def test_a_subscription_of_another_programme_cannot_be_rotated(msm, cast):
    subscription = WebhookSubscription.objects.create(
        programme=cast.other_programme, name="T", url="https://t.example/", secret="whsec_x",
        events=["meeting.started"])

    response = msm.post(url("webhook_rotate", cast, subscription_id=subscription.pk))

    subscription.refresh_from_db()
    assert response.status_code == 404 and subscription.secret == "whsec_x"


def test_an_outsider_cannot_rotate(client, cast):
    subscription = WebhookSubscription.objects.create(
        programme=cast.programme, name="T", url="https://t.example/", secret="whsec_x",
        events=["meeting.started"])
    client.force_login(cast.outsider)

    response = client.post(url("webhook_rotate", cast, subscription_id=subscription.pk))

    subscription.refresh_from_db()
    assert response.status_code == 404 and subscription.secret == "whsec_x"


def test_a_secret_made_before_standard_webhooks_is_pointed_out(msm, cast):
    WebhookSubscription.objects.create(
        programme=cast.programme, name="Old tracker", url="https://t.example/",
        secret="whsec_" + secrets.token_urlsafe(32), events=["meeting.started"])
    _add(msm, cast)

    page = msm.get(url("integrations", cast)).content.decode()

    assert page.count("Made before Standard Webhooks: the receiver uses it as a raw key.") == 1


def test_the_page_says_which_headers_are_deprecated_and_until_when(msm, cast):
    page = msm.get(url("integrations", cast)).content.decode()

    assert "<code>webhook-signature</code>" in page
    assert "headers are deprecated: they are sent until 30 June 2027 only." in page


def test_disabling_and_enabling(msm, cast):
    _add(msm, cast)
    subscription = WebhookSubscription.objects.get()
    toggle = url("webhook_toggle", cast, subscription_id=subscription.pk)

    msm.post(toggle)
    subscription.refresh_from_db()
    assert not subscription.active
    msm.post(toggle)
    subscription.refresh_from_db()
    assert subscription.active


def test_a_test_event_is_delivered_signed_and_listed(msm, cast, server):
    server.reset()
    _add(msm, cast, target=server.url())
    subscription = WebhookSubscription.objects.get()

    page = msm.post(url("webhook_test", cast, subscription_id=subscription.pk),
                    follow=True).content.decode()

    [got] = server.accepted()
    assert json.loads(got.body)["event"] == "ping"
    assert "Test sent" in page
    assert 'class="badge state-sent">Sent' in page


def test_a_stakeholder_cannot_rotate(client, cast):
    subscription = WebhookSubscription.objects.create(
        programme=cast.programme, name="T", url="https://t.example/", secret="whsec_x",
        events=["meeting.started"])
    client.force_login(cast.stakeholder)

    response = client.post(url("webhook_rotate", cast, subscription_id=subscription.pk))

    subscription.refresh_from_db()
    assert response.status_code == 403 and subscription.secret == "whsec_x"


def test_the_page_cost_does_not_grow_with_deliveries(msm, cast):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programmes.notifications import webhooks

    make_webhook(cast.programme, SLACK)
    subscription = webhooks.subscription_create(
        programme=cast.programme, by=cast.msm, name="Tracker", url="https://t.example/x",
        events=["update.posted"])

    def queries_with(n):
        for i in range(n):
            webhooks.emit(cast.programme, "update.posted", {"title": f"u{i}"}, ref=f"u:{n}:{i}")
        cache.clear()  # both views count the inbox badge afresh
        with CaptureQueriesContext(connection) as captured:
            assert msm.get(url("integrations", cast)).status_code == 200
        return len(captured.captured_queries)

    assert queries_with(2) == queries_with(40)
    assert subscription.deliveries.count() == 42


def test_the_page_cost_does_not_grow_with_subscriptions_and_rotations(msm, cast):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programmes.notifications import webhooks

    def queries_with(n):
        for i in range(n):
            subscription = webhooks.subscription_create(
                programme=cast.programme, by=cast.msm, name=f"Tracker {n}.{i}",
                url="https://t.example/x", events=["update.posted"])
            webhooks.subscription_rotate_secret(subscription=subscription, by=cast.msm)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page = msm.get(url("integrations", cast)).content.decode()
        assert page.count("The old secret also signs until") == WebhookSubscription.objects.count()
        return len(captured.captured_queries)

    one = queries_with(1)
    # 14: the work trackers' section (one query), the chat app and its form's team channels
    assert queries_with(12) == one <= 14
