"""The registry of picker sources: for each picker, who may search it and among what.

A source is named after the field it serves and registered by the app that owns the form, in
its `pickers.py` (found by Django's `autodiscover_modules`, as reminder rules are)::

    @picker_source("objective-owner", PEOPLE)
    def objective_owners(access, params):
        if not may_steer(access):
            raise PermissionDenied("Only the Meta Scrum Master names an objective's owner.")
        return programme_people(access.programme)

`choices(access, params)` gets the requester's `Access` to the programme of the URL and the
query string (context such as `?item=12`, read with `param_id`); it raises `Http404` for what
the programme does not hold and `PermissionDenied` for a role that may not pick, and returns
the very queryset the form validates against, so the list never offers what the form refuses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.module_loading import autodiscover_modules

from programmes.permissions import Access
from programmes.pickers.kinds import Kind

MAX_ID = 2**63 - 1

Choices = Callable[[Access, Mapping[str, str]], QuerySet]


@dataclass(frozen=True)
class Source:
    name: str
    kind: Kind
    choices: Choices


_sources: dict[str, Source] = {}


def picker_source(name: str, kind: Kind) -> Callable[[Choices], Choices]:
    def register(choices: Choices) -> Choices:
        _sources[name] = Source(name=name, kind=kind, choices=choices)
        return choices

    return register


@functools.cache
def _discover() -> None:
    autodiscover_modules("pickers")


def source_named(name: str) -> Source | None:
    _discover()
    return _sources.get(name)


def param_id(params: Mapping[str, str], name: str) -> int:
    """The id `name` of the query string, or a 404 when it is missing or no id at all."""
    value = params.get(name, "")
    if not value.isascii() or not value.isdigit() or not 0 < int(value) <= MAX_ID:
        raise Http404(f"No such {name}.")
    return int(value)
