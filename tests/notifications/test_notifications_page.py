from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Notification
from programmes.notifications import outbox
from tests.notifications.conftest import at, make_webhook, reminder

NOW = at("2026-11-24 09:00")


def _url(cast):
    return f"/p/{cast.programme.slug}/notifications/"


def _record(cast, n=1, person=None):
    outbox.notifications_record(kind="digest", reminders=[
        reminder(person or cast.member, cast.programme, due_at=NOW + timedelta(minutes=i),
                 ref=f"thing:{i}", subject=f"Reminder {i}") for i in range(n)])


def test_it_shows_pending_sent_and_failed_with_the_reason(client, cast):
    _record(cast, 3)
    first, second, third = Notification.objects.order_by("object_ref")
    Notification.objects.filter(pk=first.pk).update(state="sent", sent_at=NOW)
    Notification.objects.filter(pk=second.pk).update(state="failed",
                                                     last_error="Address refused: nobody")
    client.force_login(cast.msm)

    response = client.get(_url(cast))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Reminder 0" in body and "Reminder 1" in body and "Reminder 2" in body
    assert "Address refused: nobody" in body
    assert response.context["counts"] == {"pending": 1, "sending": 0, "sent": 1, "failed": 1}


def test_it_filters_by_state(client, cast):
    _record(cast, 2)
    Notification.objects.filter(object_ref="thing:0").update(state="failed", last_error="x")
    client.force_login(cast.msm)

    response = client.get(_url(cast), {"state": "failed"})

    assert [n.object_ref for n in response.context["page"]] == ["thing:0"]


def test_it_shows_failing_addresses(client, cast, monkeypatch):
    from programmes.notifications import channels

    hook = make_webhook(cast.programme, "http://127.0.0.1:9/hook")
    outbox.notifications_record(kind="digest", reminders=[reminder(cast.member,
                                                                   cast.programme, due_at=NOW)])

    def refused(**kwargs):
        raise channels.PermanentDeliveryError("Address refused: mailbox full forever")

    monkeypatch.setattr(channels, "send_email", refused)
    monkeypatch.setattr(channels, "post_webhook", lambda **kw: (_ for _ in ()).throw(
        channels.PermanentDeliveryError("HTTP 404 from the webhook")))
    for row in Notification.objects.all():
        outbox.notification_deliver(notification_id=row.pk, now=NOW)
    client.force_login(cast.msm)

    response = client.get(_url(cast))

    failing = response.context["failing"]
    assert failing["webhooks"] == [hook]
    assert [p.person for p in failing["people"]] == [cast.member]
    body = response.content.decode()
    assert "Failing addresses" in body and cast.member.email in body
    assert "HTTP 404 from the webhook" in body


def test_it_pages_with_a_bounded_number_of_queries(client, cast):
    client.force_login(cast.msm)
    _record(cast, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(cast))
    _record(cast, 60, person=cast.scrum_master)
    cache.clear()  # both views count the inbox badge afresh
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(cast))

    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.num_pages == 3


def test_an_htmx_request_gets_the_list_only(client, cast):
    _record(cast, 30)
    client.force_login(cast.msm)

    response = client.get(_url(cast), {"page": 2}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body and 'id="notification-list"' in body
    assert "Page 2 of 2" in body


def test_the_parent_msm_sees_it(client, cast):
    client.force_login(cast.parent_msm)

    assert client.get(_url(cast)).status_code == 200


@pytest.mark.parametrize("who", ["stakeholder", "scrum_master", "member"])
def test_it_is_forbidden_to_non_msm(client, cast, who):
    client.force_login(getattr(cast, who))

    assert client.get(_url(cast)).status_code == 403


def test_it_is_a_404_for_outsiders(client, cast):
    client.force_login(cast.outsider)

    assert client.get(_url(cast)).status_code == 404


def test_it_requires_sign_in(client, cast):
    response = client.get(_url(cast))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_tab_shows_for_the_msm_only(client, cast):
    client.force_login(cast.msm)
    assert "Notifications</a>" in client.get(f"/p/{cast.programme.slug}/").content.decode()
    client.force_login(cast.member)
    assert "Notifications</a>" not in client.get(
        f"/p/{cast.programme.slug}/").content.decode()
