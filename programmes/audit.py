"""Record who changed what; services call `audit_record` inside their transaction."""

from __future__ import annotations

from django.db import models

from programmes.models import AuditEntry, Person, Programme


def _jsonable(value):
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def changed_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    return {name: [_jsonable(before.get(name)), _jsonable(value)]
            for name, value in after.items() if before.get(name) != value}


def audit_record(*, programme: Programme | None, actor: Person | None, action: str,
                 obj: models.Model, summary: str, changes: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        programme=programme,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.verbose_name,
        object_id=str(obj.pk or ""),
        summary=summary[:300],
        changes=changes or {},
    )
