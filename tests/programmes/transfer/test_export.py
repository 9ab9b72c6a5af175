"""Export a programme, wipe the database, import it: the same programme comes back, the same
export comes out of it, and its people sign in and work as before."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from ceremonies.models import Meeting, Talk
from feedback.models import FeedbackItem
from programmes import tasks
from programmes.models import ApiToken, AuditEntry, Notification, Person, Programme
from programmes.transfer.export import programme_export
from tests.programmes.transfer.export_data import rich_demo
from tests.worker import require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _on_postgresql():
    require_postgresql("restores into PostgreSQL, as production does")


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(tasks.notification_deliver, "apply_async", lambda *a, **kw: None)
    monkeypatch.setattr(tasks.notifications_deliver_batch, "apply_async",
                        lambda *a, **kw: None)


def _export_file(slug, path):
    call_command("export_programme", slug, str(path), stderr=open("/dev/null", "w"))  # noqa: SIM115
    return path.read_bytes()


def _wipe():
    call_command("flush", interactive=False, verbosity=0)


def test_export_wipe_import_export_gives_the_same_file(tmp_path):
    rich_demo()
    first = _export_file("northwind", tmp_path / "first.json")

    _wipe()
    assert not Programme.objects.exists()
    call_command("import_programme", str(tmp_path / "first.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    second = _export_file("northwind", tmp_path / "second.json")

    assert json.loads(second) == json.loads(first)
    assert second == first


def test_the_export_holds_every_kind_of_row_and_leaves_out_the_secrets_of_people(tmp_path):
    rich_demo()
    text = _export_file("northwind", tmp_path / "x.json")
    tables = json.loads(text)["tables"]
    assert b"jira-api-token" not in text and b"jira-hook-secret" not in text
    assert b"slack-signing-secret" not in text and b"xoxb-bot-token" not in text

    empty = [label for label, rows in tables.items() if not rows]
    assert empty == []  # the rich demo has a row of every exported kind
    assert "programmes.apitoken" not in tables and "ceremonies.calendartoken" not in tables
    assert {row["action"] for row in tables["programmes.auditentry"]}.isdisjoint({"site.test"})
    person = tables["programmes.person"][0]
    assert "is_superuser" not in person and person["password"].startswith("md5$")
    states = {row["kind"]: row["state"] for row in tables["programmes.notification"]}
    assert states["export_test_sending"] == "pending"  # the old deployment's claim is dropped
    assert states["export_test_sent"] == "sent"


def test_a_restored_person_signs_in_with_their_password_and_finds_their_work(client, tmp_path):
    rich_demo()
    item = FeedbackItem.objects.order_by("pk").first()
    held = Meeting.objects.filter(state=Meeting.State.ENDED).order_by("pk").first()
    talk = Talk.objects.order_by("pk").first()
    _export_file("northwind", tmp_path / "x.json")
    _wipe()
    call_command("import_programme", str(tmp_path / "x.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115

    signed_in = client.post(reverse("login"), {"username": "msm@example.com",
                                               "password": "metascrum-demo"})
    assert signed_in.status_code == 302

    pages = {
        reverse("programmes:home", args=["northwind"]): "Payments Train",
        reverse("feedback:item", args=[item.programme.slug, item.pk]): item.title,
        reverse("ceremonies:room", args=[held.programme.slug, held.pk]): "Minutes",
        reverse("ceremonies:steering", args=["northwind"]): "Steering",
        reverse("ceremonies:brownbag_talk", args=[talk.programme.slug, talk.pk]): talk.title,
        reverse("ceremonies:today", args=["payments-train"]): "Ledger",
        reverse("programmes:audit", args=["northwind"]): "Portfolio tool",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_a_sub_programme_is_imported_as_a_top_level_programme(tmp_path):
    rich_demo()
    payments = Programme.objects.get(slug="payments-train")
    export = programme_export(programme=payments)
    assert any("imported as a top-level programme" in note for note in export.notes)
    (tmp_path / "p.json").write_text(json.dumps(export.document))

    _wipe()
    call_command("import_programme", str(tmp_path / "p.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115

    restored = Programme.objects.get()
    assert (restored.slug, restored.parent, restored.path) == (
        "payments-train", None, f"/{restored.pk}/")
    assert programme_export(programme=restored).document == export.document


def test_people_known_here_already_keep_their_account(tmp_path):
    rich_demo()
    _export_file("payments-train", tmp_path / "p.json")
    call_command("flush", interactive=False, verbosity=0)
    ana = Person.objects.create_user("ana@example.com", "her-own-Password-1", name="Ana C.")

    call_command("import_programme", str(tmp_path / "p.json"), stdout=open("/dev/null", "w"),  # noqa: SIM115
                 stderr=open("/dev/null", "w"))  # noqa: SIM115

    ana.refresh_from_db()
    assert ana.check_password("her-own-Password-1") and ana.name == "Ana C."
    assert not hasattr(ana, "notification_preference") or ana.notification_preference is None
    assert Programme.objects.get(slug="payments-train").teams.get(slug="ledger").memberships \
        .filter(person=ana).exists()


def test_sequences_continue_after_the_imported_ids(tmp_path):
    rich_demo()
    _export_file("northwind", tmp_path / "x.json")
    highest = Notification.objects.order_by("-pk").first().pk
    _wipe()
    call_command("import_programme", str(tmp_path / "x.json"), stdout=open("/dev/null", "w"))  # noqa: SIM115

    payments = Programme.objects.get(slug="payments-train")
    row = Notification.objects.create(programme=payments, recipient=Person.objects.first(),
                                      kind="after", object_ref="x", channel="email",
                                      address="a@example.com", subject="s", text="t",
                                      due_at="2026-01-01T00:00Z")
    assert row.pk > highest
    assert not ApiToken.objects.exists() and not AuditEntry.objects.filter(programme=None)
    assert connection.vendor == "postgresql"


def test_a_deleted_programme_comes_back_inside_its_parent_with_its_ids(tmp_path):
    rich_demo()
    payments = Programme.objects.get(slug="payments-train")
    # The parent's items raised by a Payments team are the parent's, not in this export.
    FeedbackItem.objects.filter(origin_team__programme=payments).exclude(
        programme=payments).delete()
    before = programme_export(programme=payments).document
    (tmp_path / "p.json").write_text(json.dumps(before))
    meeting_ids = set(Meeting.objects.filter(programme=payments).values_list("pk", flat=True))
    # Deleting a team empties its items' origin_team before deleting the items, which the
    # items' check constraint refuses: their items go first.
    FeedbackItem.objects.filter(origin_team__programme=payments).delete()
    payments.delete()

    call_command("import_programme", str(tmp_path / "p.json"), "--parent", "northwind",
                 stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))  # noqa: SIM115

    restored = Programme.objects.get(slug="payments-train")
    assert restored.parent.slug == "northwind"
    assert restored.path == f"{restored.parent.path}{restored.pk}/"
    assert set(Meeting.objects.filter(programme=restored).values_list("pk", flat=True)) == \
        meeting_ids
    assert programme_export(programme=restored).document == before
