"""Connections and mappings, changed by the MSM; every change audited, no secret in the log."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programmes.audit import audit_record
from programmes.models import Person, Team, TrackerConnection, TrackerMapping


def connection_save(*, connection: TrackerConnection, by: Person,
                    token: str = "", webhook_secret: str = "") -> TrackerConnection:
    """Create or change a connection; a blank token or secret keeps the one already set."""
    if token:
        connection.token = token
    if webhook_secret:
        connection.webhook_secret = webhook_secret
    creating = connection.pk is None
    if not creating and TrackerConnection.objects.filter(pk=connection.pk).exclude(
            points_field=connection.points_field).exists():
        connection.last_inventory_at = None  # read every item again, with the new field
    connection.full_clean()
    changed = [label for label, value in (("token", token), ("webhook secret", webhook_secret))
               if value]
    with transaction.atomic():
        connection.save()
        audit_record(programme=connection.programme, actor=by,
                     action="tracker.connect" if creating else "tracker.change",
                     obj=connection,
                     summary=f"Tracker “{connection}” ({connection.get_kind_display()}) "
                             f"{'connected' if creating else 'changed'}"
                             + (f"; replaced: {', '.join(changed)}" if changed and not creating
                                else ""))
    return connection


def connection_remove(*, connection: TrackerConnection, by: Person) -> None:
    with transaction.atomic():
        audit_record(programme=connection.programme, actor=by, action="tracker.remove",
                     obj=connection, summary=f"Tracker “{connection}” removed with its items")
        connection.delete()


class MappingTaken(Exception):
    pass


def mapping_add(*, connection: TrackerConnection, team: Team, source: str, by: Person,
                board: int | None = None) -> TrackerMapping:
    mapping = TrackerMapping(connection=connection, team=team, source=source.strip(),
                             board=board)
    try:
        with transaction.atomic():
            mapping.save()
            audit_record(programme=connection.programme, actor=by, action="tracker.map",
                         obj=mapping, summary=f"“{mapping.source}” of “{connection}” "
                                              f"mapped to team {team}"
                                              + (f", board {board}" if board else ""))
    except IntegrityError as exc:
        raise MappingTaken(_("“%(source)s” is already mapped to a team.")
                           % {"source": mapping.source}) from exc
    return mapping


def mapping_remove(*, mapping: TrackerMapping, by: Person) -> None:
    with transaction.atomic():
        audit_record(programme=mapping.connection.programme, actor=by, action="tracker.unmap",
                     obj=mapping, summary=f"“{mapping.source}” of “{mapping.connection}” "
                                          f"no longer mapped to team {mapping.team}")
        mapping.delete()
