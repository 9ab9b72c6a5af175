"""Which tables a programme export holds, how each one reaches the programme tree, and what is
left out and why.

The tables are discovered from the models of DATA_APPS, not listed by hand: a model belongs to
the export through its first foreign key to a programme or to another exported model (its
*owner*: `AgendaItem.meeting`, `Meeting.programme`), or, failing that, through a foreign key
to a person (per-person settings). A new model is therefore exported without touching this
file; a model that reaches neither is an error until it is listed in LEFT_OUT with a reason.

The order is the order of creation on import: a table comes after every table its required
foreign keys point to. A nullable foreign key that cannot be honoured that way (a programme's
parent, a meeting's current agenda item) is *deferred*: set once every row exists.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from programmes.models import Person, Programme

FORMAT = "metascrum-programme-export"
VERSION = 1

DATA_APPS = ("programmes", "feedback", "ceremonies")

# Models of DATA_APPS that are not exported, and why.
LEFT_OUT = {
    "programmes.apitoken": "API tokens are one person's credentials and reach every programme "
                           "of theirs, not this one only; people create new tokens",
    "programmes.idempotentrequest": "answers kept for 24 hours for API retries, per token",
    "ceremonies.calendartoken": "the secret in a person's calendar-feed address; a new one is "
                                "made when they open the calendar page",
    "programmes.trackerdelivery": "ids of the tracker webhook deliveries already applied, kept "
                                  "against replays; a restored connection gets new ones",
    "programmes.chatlinktoken": "one-time links to a chat account, valid for an hour",
    "programmes.chatreceipt": "chat requests already acted on, kept a day against retries",
    "programmes.chatpost": "which updates were broadcast to chat, and in which day's thread: "
                           "a restore broadcasts nothing again",
}
# Data of other apps that is not exported either (a whole-database dump has it).
ALSO_LEFT_OUT = {
    "sessions": "sign-ins of the old deployment; people sign in again",
    "admin.logentry": "the Django admin's own log, site-wide",
    "axes": "failed sign-in attempts and lockouts, per address, site-wide",
    "auth groups and permissions": "site administration, not programme data",
    "allauth": "each person's links to identity providers and two-factor secrets, site-wide: "
               "people sign on again and turn two-factor authentication on again",
}
# Fields of exported models that are not in the file, and why.
FIELDS_LEFT_OUT = {
    "programmes.person": {
        "is_staff": "site administration: a restored programme makes nobody an admin",
        "is_superuser": "site administration: a restored programme makes nobody an admin",
        "groups": "site administration",
        "user_permissions": "site administration",
    },
    "programmes.trackerconnection": {
        "token": "a credential for the tracker: the MSM gives it again after a restore",
        "webhook_secret": "a credential for the tracker: the MSM gives it again after a restore",
    },
    "programmes.chatapp": {
        "signing_secret": "a credential of the chat app: the MSM gives it again after a restore",
        "bot_token": "a credential of the chat app: the MSM gives it again after a restore",
        "action_secret": "our key for the chat app's buttons: a new one on import",
    },
    "programmes.programme": {
        "path": "ids of the ancestors, recomputed on import",
        "data_version": "what cached pages are keyed on: a new one on import",
    },
}


@dataclass
class Table:
    model: type[models.Model]
    label: str
    # "tree": rows of the exported programmes and what hangs off them; "people": the people
    # the tree's rows refer to; "personal": rows of those people (preferences).
    scope: str
    owner: models.ForeignKey | None
    # The ORM path from this model to the programme id (tree) or person id (personal).
    lookup: str
    fields: list[models.Field] = field(default_factory=list)
    m2m: list[models.ManyToManyField] = field(default_factory=list)
    deferred: set[str] = field(default_factory=set)

    def __str__(self):
        return self.label


def _label(model) -> str:
    return model._meta.label_lower


def _foreign_keys(model) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if f.is_relation]


def _exported_fields(model) -> list[models.Field]:
    left_out = FIELDS_LEFT_OUT.get(_label(model), {})
    return [f for f in model._meta.concrete_fields if f.name not in left_out]


def _owner(model, tree_labels: set[str]) -> models.ForeignKey | None:
    """The first required foreign key into the tree, else the first nullable one."""
    candidates = [f for f in _foreign_keys(model)
                  if f.related_model is Programme or _label(f.related_model) in tree_labels]
    required = [f for f in candidates if not f.null]
    return (required or candidates or [None])[0]


def _discover() -> list[Table]:
    data_models = [m for app in DATA_APPS for m in apps.get_app_config(app).get_models()
                   if _label(m) not in LEFT_OUT]
    tables: dict[str, Table] = {
        "programmes.programme": Table(Programme, "programmes.programme", "tree", None, "pk"),
        "programmes.person": Table(Person, "programmes.person", "people", None, "pk"),
    }
    # Owners first: keep passing over the models until no new one finds its way to the tree.
    pending = [m for m in data_models if _label(m) not in tables]
    while pending:
        progressed = False
        for model in list(pending):
            owner = _owner(model, {k for k, t in tables.items() if t.scope == "tree"})
            if owner is None:
                continue
            parent = tables[_label(owner.related_model)]
            lookup = owner.name if parent.lookup == "pk" else f"{owner.name}__{parent.lookup}"
            tables[_label(model)] = Table(model, _label(model), "tree", owner, lookup)
            pending.remove(model)
            progressed = True
        if not progressed:
            break
    for model in pending:
        person_keys = [f for f in _foreign_keys(model) if f.related_model is Person]
        if not person_keys:
            raise ImproperlyConfigured(
                f"{_label(model)} reaches neither a programme nor a person: export it some "
                f"other way, or add it to programmes.transfer.plan.LEFT_OUT with a reason.")
        tables[_label(model)] = Table(model, _label(model), "personal", person_keys[0],
                                      person_keys[0].name)
    for table in tables.values():
        table.fields = _exported_fields(table.model)
        left_out = FIELDS_LEFT_OUT.get(table.label, {})
        table.m2m = [f for f in table.model._meta.many_to_many if f.name not in left_out]
        for relation in table.m2m + [f for f in table.fields if f.is_relation]:
            target = _label(relation.related_model)
            if target not in tables:
                raise ImproperlyConfigured(
                    f"{table.label}.{relation.name} points to {target}, which is not exported.")
        for m2m in table.m2m:
            if not m2m.remote_field.through._meta.auto_created:
                raise ImproperlyConfigured(
                    f"{table.label}.{m2m.name} has its own through model: export that model.")
    return _in_creation_order(tables)


def _in_creation_order(tables: dict[str, Table]) -> list[Table]:
    """Kahn's algorithm in discovery order; a cycle is broken at a nullable foreign key."""

    def needs(table, *, required_only):
        return {_label(f.related_model) for f in table.fields
                if f.is_relation and _label(f.related_model) != table.label
                and not (required_only and f.null)}

    ordered: list[Table] = []
    placed: set[str] = set()
    remaining = list(tables.values())
    while remaining:
        ready = (next((t for t in remaining if needs(t, required_only=False) <= placed), None)
                 or next((t for t in remaining if needs(t, required_only=True) <= placed), None))
        if ready is None:
            raise ImproperlyConfigured("Required foreign keys form a cycle: "
                                       + ", ".join(t.label for t in remaining))
        ready.deferred = {f.name for f in ready.fields if f.is_relation
                          and (_label(f.related_model) not in placed
                               or _label(f.related_model) == ready.label)}
        ordered.append(ready)
        placed.add(ready.label)
        remaining.remove(ready)
    return ordered


@functools.cache
def plan() -> tuple[Table, ...]:
    """Every exported table, in the order an import creates them."""
    return tuple(_discover())
