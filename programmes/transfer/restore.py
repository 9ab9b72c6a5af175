"""Import a programme export (programmes/export.py): all of it, or nothing.

The file is checked whole before anything is written: its format and version, every table and
field name, every value, and every reference (a row may only point to a row of the file). Then
one transaction creates the rows with their own ids. People are matched by email: someone the
database knows already keeps their account as it is (password, settings); everyone else is
created, with their old id when it is free.

Refused, with nothing written: a file of another format or version, a programme whose slug is
taken here, and rows whose ids are taken (a programme restores into an empty database, or
into the one it was deleted from, where its ids are still free).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Lower

from programmes.models import Person, Programme
from programmes.transfer.plan import FORMAT, VERSION, Table, plan

BATCH = 1000


class ImportRefused(Exception):
    """The file cannot be imported here; the message says why, for the operator."""


@dataclass
class Imported:
    programme: Programme
    counts: dict[str, int] = field(default_factory=dict)
    people_kept: list[str] = field(default_factory=list)  # known here already, left as they were


def read(text: str | bytes) -> dict:
    """Parse an export and check its format and version, before anything else is looked at."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ImportRefused(f"This is not a metascrum programme export (not valid JSON: "
                            f"{error}).") from error
    _check_header(document)
    return document


def _check_header(document) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(f"This is not a metascrum programme export (its \"format\" is not "
                            f"{FORMAT!r}).")
    version = document.get("version")
    if version != VERSION:
        raise ImportRefused(f"This export has format version {version!r}; this metascrum reads "
                            f"version {VERSION} only. Import it with the metascrum release "
                            f"that wrote it.")


# --- checks that need no database -----------------------------------------------------------


def _where(table: Table, row: dict) -> str:
    return f"{table.label} {row.get('id', '?')}"


def _check_shape(document: dict) -> dict[str, list[dict]]:
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise ImportRefused("The export has no \"tables\".")
    known = {t.label: t for t in plan()}
    for label, rows in tables.items():
        if label not in known:
            raise ImportRefused(f"The export has a table this metascrum does not know: "
                                f"{label} (written by a newer release?).")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportRefused(f"{label} is not a list of rows.")
        names = {f.name for f in known[label].fields} | {m.name for m in known[label].m2m}
        ids = set()
        for row in rows:
            unknown = set(row) - names
            if unknown:
                raise ImportRefused(f"{_where(known[label], row)} has fields this metascrum "
                                    f"does not know: {', '.join(sorted(unknown))}.")
            if not isinstance(row.get("id"), int) or row["id"] in ids:
                raise ImportRefused(f"{_where(known[label], row)}: a missing or repeated id.")
            ids.add(row["id"])
    return tables


def _check_references(tables: dict[str, list[dict]]) -> None:
    ids = {label: {row["id"] for row in rows} for label, rows in tables.items()}
    emails = [row.get("email") for row in tables.get("programmes.person", [])]
    if not all(isinstance(e, str) and e for e in emails):
        raise ImportRefused("Every person in the export needs an email address.")
    if len({e.lower() for e in emails}) != len(emails):
        raise ImportRefused("The export has two people with the same email address.")
    known_emails = set(emails)
    for table in plan():
        for row in tables.get(table.label, []):
            for f in table.fields:
                value = row.get(f.name)
                if not f.is_relation or value is None:
                    continue
                target = f.related_model._meta.label_lower
                if f.related_model is Person:
                    found = value in known_emails
                else:
                    found = value in ids.get(target, ())
                if not found:
                    raise ImportRefused(f"{_where(table, row)}: {f.name} {value!r} is not in "
                                        f"the export.")
            for m2m in table.m2m:
                target = m2m.related_model._meta.label_lower
                missing = set(row.get(m2m.name) or []) - ids.get(target, set())
                if missing:
                    raise ImportRefused(f"{_where(table, row)}: {m2m.name} {sorted(missing)} "
                                        f"are not in the export.")


def _check_tree(document: dict, tables: dict[str, list[dict]]) -> None:
    programmes = {row["id"]: row for row in tables.get("programmes.programme", [])}
    roots = [row for row in programmes.values() if row.get("parent") is None]
    if len(roots) != 1 or roots[0].get("slug") != document.get("programme"):
        raise ImportRefused("The export must hold one top programme, the one it names.")
    for row in programmes.values():
        seen = set()
        while row.get("parent") is not None:
            if row["id"] in seen:
                raise ImportRefused(f"programmes.programme {row['id']} sits inside itself.")
            seen.add(row["id"])
            row = programmes[row["parent"]]


def _python(table: Table, f: models.Field, row: dict):
    value = row.get(f.name)
    if value is None or (f.is_relation and f.related_model is Person):
        return value
    try:
        return f.to_python(value)
    except ValidationError as error:
        raise ImportRefused(f"{_where(table, row)}: {f.name} {value!r} is not valid "
                            f"({'; '.join(error.messages)}).") from error


# --- writing --------------------------------------------------------------------------------


def _taken(model, ids) -> list[int]:
    ids = sorted(ids)
    taken = []
    for start in range(0, len(ids), 10_000):
        taken += model._default_manager.filter(pk__in=ids[start:start + 10_000]).values_list(
            "pk", flat=True)
    return sorted(taken)


def _refuse_what_is_taken(tables: dict[str, list[dict]]) -> None:
    slugs = [row["slug"] for row in tables.get("programmes.programme", [])]
    clash = list(Programme.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if clash:
        raise ImportRefused(f"This database has a programme with the slug "
                            f"{', '.join(sorted(clash))} already; nothing was imported. Delete "
                            f"it first, or import into another database.")
    for table in plan():
        if table.scope != "tree":
            continue
        taken = _taken(table.model, (row["id"] for row in tables.get(table.label, [])))
        if taken:
            raise ImportRefused(
                f"{len(taken)} {table.label} id(s) of the export are taken here (e.g. "
                f"{', '.join(map(str, taken[:5]))}); nothing was imported. A programme restores "
                f"into an empty database, or into the one it was deleted from.")


def _instances(table: Table, rows: list[dict], people: dict[str, int]) -> list[models.Model]:
    objs = []
    for row in rows:
        values = {}
        for f in table.fields:
            if f.name not in row:
                continue  # written by an older release: the model's default applies
            value = _python(table, f, row)
            if f.is_relation and f.related_model is Person and value is not None:
                value = people[value.lower()]
            if f.name in table.deferred:
                value = None
            values[f.attname] = value
        objs.append(table.model(**values))
    return objs


def _create(table: Table, objs: list[models.Model], rows: list[dict]) -> None:
    table.model._default_manager.bulk_create(objs, batch_size=BATCH)
    # bulk_create stamps auto_now(_add) fields with the time of the import: put the file's back.
    stamped = [f for f in table.fields
               if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    stamped = [f for f in stamped if all(f.name in row for row in rows)]
    if stamped:
        for obj, row in zip(objs, rows, strict=True):
            for f in stamped:
                setattr(obj, f.attname, _python(table, f, row))
        table.model._default_manager.bulk_update(objs, [f.name for f in stamped],
                                                 batch_size=BATCH)


def _people(table: Table, rows: list[dict]) -> tuple[dict[str, int], list[str], set[int]]:
    """Email → id of everyone in the file; the emails known already; the ids created."""
    emails = [row["email"].lower() for row in rows]
    known = dict(Person.objects.annotate(lower_email=Lower("email"))
                 .filter(lower_email__in=emails).values_list("lower_email", "pk"))
    new_rows = [row for row in rows if row["email"].lower() not in known]
    taken = set(_taken(Person, (row["id"] for row in new_rows)))
    objs = _instances(table, new_rows, {})
    for obj in objs:
        if obj.pk in taken:
            obj.pk = None  # someone else has the id here: a fresh one
    _create(table, objs, new_rows)
    people = {**known, **{obj.email.lower(): obj.pk for obj in objs}}
    return people, sorted(known), {obj.pk for obj in objs}


def _personal(table: Table, rows: list[dict], people: dict[str, int], created: set[int]
              ) -> int:
    """Rows of people created by this import; people known already keep their own."""
    pairs = [(row, obj) for row, obj in zip(rows, _instances(table, rows, people), strict=True)
             if getattr(obj, table.owner.attname) in created]
    taken = set(_taken(table.model, (obj.pk for _, obj in pairs)))
    for _, obj in pairs:
        if obj.pk in taken:
            obj.pk = None
    _create(table, [obj for _, obj in pairs], [row for row, _ in pairs])
    return len(pairs)


def _set_deferred(table: Table, rows: list[dict], people: dict[str, int],
                  parent: Programme | None, root_id: int) -> None:
    objs = []
    for row in rows:
        obj = table.model(pk=row["id"])
        for name in table.deferred:
            f = table.model._meta.get_field(name)
            value = _python(table, f, row)
            if f.related_model is Person and value is not None:
                value = people[value.lower()]
            setattr(obj, f.attname, value)
        if table.model is Programme and row["id"] == root_id and parent is not None:
            obj.parent_id = parent.pk
        if any(getattr(obj, table.model._meta.get_field(n).attname) is not None
               for n in table.deferred):
            objs.append(obj)
    if objs:
        table.model._default_manager.bulk_update(objs, sorted(table.deferred),
                                                 batch_size=BATCH)


def _set_paths(rows: list[dict], root_id: int, parent: Programme | None) -> None:
    parents = {row["id"]: row.get("parent") for row in rows}
    paths = {}

    def path(pk):
        if pk not in paths:
            above = (parent.path if parent else "/") if pk == root_id else path(parents[pk])
            paths[pk] = f"{above}{pk}/"
        return paths[pk]

    Programme.objects.bulk_update([Programme(pk=pk, path=path(pk)) for pk in parents],
                                  ["path"], batch_size=BATCH)


def _link(table: Table, rows: list[dict]) -> None:
    for m2m in table.m2m:
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            [through(**{source: row["id"], target: to}) for row in rows
             for to in row.get(m2m.name) or []], batch_size=BATCH)


def _reset_sequences() -> None:
    """Ids were given, not drawn: move each sequence past the highest id in its table."""
    models_ = [t.model for t in plan()]
    models_ += [m.remote_field.through for t in plan() for m in t.m2m]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)


def programme_import(*, document: dict, parent: Programme | None = None) -> Imported:
    """Create the exported programme tree here, all of it or nothing (ImportRefused says why)."""
    _check_header(document)
    tables = _check_shape(document)
    _check_references(tables)
    _check_tree(document, tables)
    programmes = tables.get("programmes.programme", [])
    root_id = next(row["id"] for row in programmes if row.get("parent") is None)
    try:
        with transaction.atomic():
            _refuse_what_is_taken(tables)
            counts = {}
            people, kept, created = {}, [], set()
            for table in plan():
                rows = tables.get(table.label, [])
                if table.scope == "people":
                    people, kept, created = _people(table, rows)
                    counts[table.label] = len(created)
                elif table.scope == "personal":
                    counts[table.label] = _personal(table, rows, people, created)
                else:
                    _create(table, _instances(table, rows, people), rows)
                    counts[table.label] = len(rows)
            for table in plan():
                rows = tables.get(table.label, [])
                if table.deferred and table.scope == "tree":
                    _set_deferred(table, rows, people, parent, root_id)
                _link(table, rows)
            _set_paths(programmes, root_id, parent)
            _reset_sequences()
    except IntegrityError as error:
        raise ImportRefused(f"The database refused the data, so nothing was imported: "
                            f"{error}") from error
    return Imported(Programme.objects.get(pk=root_id), counts, kept)


def programme_import_file(path, *, parent: Programme | None = None) -> Imported:
    with open(path, "rb") as handle:
        text = handle.read()
    return programme_import(document=read(text), parent=parent)
