"""Export a programme and its whole subtree to one JSON document (restore: programmes/restore.py).

The document keeps every row's own id, so a restored programme is the same programme at the
same addresses: links in mails already sent, bookmarks, calendar event ids and the outbox's
once-only keys ("meeting:17") stay right. People are referred to by email, because the
database a file is restored into may know some of them already, under other ids.

    {"format": FORMAT, "version": 1, "programme": "<slug of the root>",
     "left_out": {what: why},
     "tables": {"programmes.programme": [{"id": 1, "name": …, "parent": null}, …],
                "programmes.person": [{"id": 7, "email": …, "password": "<hash>"}, …],
                "ceremonies.meeting": [{"id": 17, "programme": 1, "facilitator": "a@b.c"}, …],
                …}}

Tables come in creation order, rows in id order, fields in model order, values as JSON
(instants in ISO 8601 with their microseconds), so exporting the same data twice gives the
same bytes. Nothing that changes by itself is in the file (no "exported at").
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection, models, transaction

from programmes.models import Notification, Person, Programme
from programmes.transfer.plan import (
    ALSO_LEFT_OUT,
    FIELDS_LEFT_OUT,
    FORMAT,
    LEFT_OUT,
    VERSION,
    Table,
    plan,
)

CHUNK = 2000


@dataclass
class Export:
    document: dict
    # What the export had to change to stay self-contained, for the operator to read.
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {label: len(rows) for label, rows in self.document["tables"].items()}


def left_out() -> dict[str, str]:
    """Everything a programme export does not hold, with the reason; written into the file."""
    described = {**LEFT_OUT, **ALSO_LEFT_OUT}
    for label, fields in FIELDS_LEFT_OUT.items():
        for name, why in fields.items():
            described[f"{label}.{name}"] = why
    return dict(sorted(described.items()))


def json_value(f: models.Field, value):
    if value is None or isinstance(f, models.JSONField):
        return value
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{f.model._meta.label_lower}.{f.name}: cannot export {type(value)}")


def _in_flight_as_pending(row: dict) -> dict:
    """A delivery claimed or queued by the old deployment's workers is pending for the new one:
    its due-scan sends it (the claim and the queue did not survive)."""
    if row["state"] in (Notification.State.PENDING, Notification.State.SENDING):
        row.update(state=Notification.State.PENDING, claimed_at=None, enqueued_at=None)
    return row


# Per-table adjustments of a row as it is exported.
ON_EXPORT = {"programmes.notification": _in_flight_as_pending}


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


class _Exporter:
    def __init__(self, root: Programme):
        self.root = root
        self.tree_ids = list(Programme.objects.filter(path__startswith=root.path)
                             .order_by("pk").values_list("pk", flat=True))
        self.kept: dict[str, set[int]] = defaultdict(set)
        self.rows: dict[str, list[dict]] = {}
        self.people: set[int] = set()
        self.cut: Counter[str] = Counter()

    def run(self) -> Export:
        tables = plan()
        for table in tables:
            if table.scope == "tree":
                self.rows[table.label] = self._rows(table, self.tree_ids)
        for table in tables:
            if table.scope == "personal":
                self.rows[table.label] = self._rows(table, sorted(self.people))
        person_table = next(t for t in tables if t.scope == "people")
        people = (Person.objects.filter(pk__in=self.people).order_by("pk")
                  .values(*[f.attname for f in person_table.fields]))
        emails = {}
        self.rows[person_table.label] = []
        for values in people:
            emails[values["id"]] = values["email"]
            self.rows[person_table.label].append(
                {f.name: json_value(f, values[f.attname]) for f in person_table.fields})
        self._second_pass(tables, emails)
        document = {
            "format": FORMAT,
            "version": VERSION,
            "programme": self.root.slug,
            "left_out": left_out(),
            "tables": {t.label: self.rows[t.label] for t in tables},
        }
        notes = [f"{what}: {n}" for what, n in sorted(self.cut.items())]
        if self.root.parent_id:
            notes.insert(0, f"{self.root.slug} sits inside {self.root.parent.slug}, which is "
                            f"not exported: it is imported as a top-level programme unless "
                            f"--parent names one.")
        return Export(document, notes)

    def _rows(self, table: Table, scope_ids: list[int]) -> list[dict]:
        attnames = [f.attname for f in table.fields]
        adjust = ON_EXPORT.get(table.label)
        rows = []
        for ids in _chunks(scope_ids):
            found = (table.model._default_manager.filter(**{f"{table.lookup}__in": ids})
                     .order_by("pk").values(*attnames))
            for values in found.iterator(chunk_size=CHUNK):
                row = self._row(table, values)
                if row is None:
                    continue
                rows.append(adjust(row) if adjust else row)
                self.kept[table.label].add(values["id"])
        rows.sort(key=lambda row: row["id"])
        return rows

    def _row(self, table: Table, values: dict) -> dict | None:
        row = {}
        for f in table.fields:
            value = values[f.attname]
            if f.is_relation and f.related_model is Person and value is not None:
                self.people.add(value)  # written as the email in the second pass
            elif f.is_relation and value is not None and f.name not in table.deferred:
                value = self._reference(table, f, value)
                if value is _DROP:
                    return None
            row[f.name] = json_value(f, value)
        return row

    def _reference(self, table: Table, f: models.ForeignKey, value: int):
        """The id to write for a foreign key; a row outside the export is cut off."""
        if value in self.kept[f.related_model._meta.label_lower]:
            return value
        if f.related_model is Programme and not f.null:
            self.cut[f"{table.label}.{f.name} outside the tree, set to the root"] += 1
            return self.root.pk
        if f.null:
            self.cut[f"{table.label}.{f.name} outside the export, left empty"] += 1
            return None
        self.cut[f"{table.label} rows left out ({f.name} is outside the export)"] += 1
        return _DROP

    def _second_pass(self, tables, emails: dict[int, str]) -> None:
        """Deferred keys (set on import once every row exists), people by email, and the
        many-to-many links between exported rows."""
        for table in tables:
            if table.scope == "people":
                continue
            person_keys = [f.name for f in table.fields
                           if f.is_relation and f.related_model is Person]
            deferred = [f for f in table.fields if f.name in table.deferred]
            for row in self.rows[table.label]:
                if table.model is Programme and row["id"] == self.root.pk:
                    row["parent"] = None  # said once in the notes, not counted as a cut
                for name in person_keys:
                    if row[name] is not None:
                        row[name] = emails[row[name]]
                for f in deferred:
                    if row[f.name] is not None and row[f.name] not in self.kept[
                            f.related_model._meta.label_lower]:
                        self.cut[f"{table.label}.{f.name} outside the export, left empty"] += 1
                        row[f.name] = None
            for m2m in table.m2m:
                self._links(table, m2m)

    def _links(self, table: Table, m2m: models.ManyToManyField) -> None:
        through = m2m.remote_field.through
        source = m2m.m2m_field_name() + "_id"
        target = m2m.m2m_reverse_field_name() + "_id"
        targets = self.kept[m2m.related_model._meta.label_lower]
        linked: dict[int, list[int]] = defaultdict(list)
        for ids in _chunks(sorted(self.kept[table.label])):
            for from_id, to_id in (through.objects.filter(**{f"{source}__in": ids})
                                   .values_list(source, target)):
                if to_id in targets:
                    linked[from_id].append(to_id)
                else:
                    self.cut[f"{table.label}.{m2m.name} links outside the export"] += 1
        for row in self.rows[table.label]:
            row[m2m.name] = sorted(linked.get(row["id"], []))


_DROP = object()


def programme_export(*, programme: Programme) -> Export:
    """The programme, its subtree and everything hanging off them, as one JSON document read
    from one snapshot of the database, so a programme in use exports consistently."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:  # must come before the transaction's first query
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return _Exporter(programme).run()
