"""An import that cannot be done is refused with a clear message, and writes nothing."""

import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from programmes.models import Programme
from programmes.transfer.export import programme_export
from programmes.transfer.plan import ALSO_LEFT_OUT, DATA_APPS, LEFT_OUT, plan

pytestmark = pytest.mark.django_db(transaction=True)


def _rows_everywhere() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.fixture
def exported(cast, tmp_path):
    """The cast's tree exported, then the database emptied: what a restore starts from."""
    document = programme_export(programme=cast.parent).document
    call_command("flush", interactive=False, verbosity=0)
    return document


def _import(document_or_text, tmp_path):
    path = tmp_path / "in.json"
    text = document_or_text if isinstance(document_or_text, str) else json.dumps(document_or_text)
    path.write_text(text)
    call_command("import_programme", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115


def _refused(document_or_text, tmp_path) -> str:
    before = _rows_everywhere()
    with pytest.raises(CommandError) as refused:
        _import(document_or_text, tmp_path)
    assert _rows_everywhere() == before
    return str(refused.value)


def test_it_imports_the_file_as_it_is(exported, tmp_path):
    _import(exported, tmp_path)
    assert set(Programme.objects.values_list("slug", flat=True)) == {"northwind", "payments"}


def test_it_refuses_an_unknown_format_version(exported, tmp_path):
    message = _refused({**exported, "version": 99}, tmp_path)
    assert "format version 99" in message and "version 1 only" in message


def test_it_refuses_a_file_that_is_not_an_export(exported, tmp_path):
    assert "not a metascrum programme export" in _refused({"hello": "world"}, tmp_path)


def test_it_refuses_a_truncated_file(exported, tmp_path):
    text = json.dumps(exported)
    assert "not valid JSON" in _refused(text[: len(text) // 2], tmp_path)


def test_it_refuses_a_table_it_does_not_know(exported, tmp_path):
    document = {**exported, "tables": {**exported["tables"], "rockets.rocket": []}}
    assert "rockets.rocket" in _refused(document, tmp_path)


def test_it_refuses_a_row_pointing_outside_the_file(exported, tmp_path):
    exported["tables"]["programmes.team"][0]["programme"] = 999_999
    assert "programme 999999 is not in the export" in _refused(exported, tmp_path)


def test_it_refuses_a_value_of_the_wrong_kind(exported, tmp_path):
    exported["tables"]["programmes.sprint"] = [{"id": 1, "programme": exported["tables"][
        "programmes.programme"][0]["id"], "number": 1, "start": "last Tuesday",
        "end": "2026-01-14", "goal": ""}]
    assert "start 'last Tuesday' is not valid" in _refused(exported, tmp_path)


def test_a_failure_half_way_leaves_nothing_behind(exported, tmp_path):
    # Valid to every check before writing; the database refuses the second membership of a
    # person in a team, after the programmes, people, teams and roles were written.
    memberships = exported["tables"]["programmes.teammembership"]
    memberships.append({**memberships[-1], "id": memberships[-1]["id"] + 1000})
    assert "nothing was imported" in _refused(exported, tmp_path)
    assert not Programme.objects.exists()


def test_it_refuses_to_import_over_a_programme_of_the_same_slug(exported, tmp_path):
    _import(exported, tmp_path)
    message = _refused(exported, tmp_path)
    assert "has a programme with the slug northwind, payments already" in message


def test_it_refuses_ids_that_are_taken_here(exported, tmp_path):
    _import(exported, tmp_path)
    Programme.objects.filter(slug="payments").update(slug="payments-old")
    Programme.objects.filter(slug="northwind").update(slug="northwind-old")
    message = _refused(exported, tmp_path)
    assert "programmes.programme id(s) of the export are taken here" in message


def test_every_model_is_exported_or_left_out_with_a_reason():
    exported = {t.label for t in plan()}
    ours = {m._meta.label_lower for app in DATA_APPS for m in apps.get_app_config(app).get_models()}
    assert ours == exported | set(LEFT_OUT)
    assert exported.isdisjoint(LEFT_OUT)
    assert all(LEFT_OUT.values()) and all(ALSO_LEFT_OUT.values())
