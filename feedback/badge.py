"""The inbox badge on every page, cached per person until something in their trees changes.

Counting what waits for someone is the costliest part of an ordinary page (about half of "my
programmes"). Whatever could change that count bumps the data version of the programme tree
it happens in (programmes/data_version.py), so the count is cached under the versions of the
trees the person has a role in, and computed again only after a change there. The timeout
covers what no tree records: an item the person raised in a tree they have since left.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Exists, OuterRef

from feedback.selectors import waiting_for_me_count
from programmes.models import Person, Programme, ProgrammeRole, TeamMembership

BADGE_SECONDS = 300


def trees_version(person: Person) -> str:
    """One string that changes whenever any programme tree the person is part of changes."""
    roots = (Programme.objects.filter(parent=None)
             .filter(Exists(ProgrammeRole.objects.filter(
                         person=person, programme__path__startswith=OuterRef("path")))
                     | Exists(TeamMembership.objects.filter(
                         person=person, team__programme__path__startswith=OuterRef("path"))))
             .order_by("pk").values_list("pk", "data_version"))
    versions = ",".join(f"{pk}:{version}" for pk, version in roots)
    return hashlib.blake2b(versions.encode(), digest_size=12).hexdigest()


def inbox_badge(person: Person) -> int:
    key = f"inbox-badge:{person.pk}:{trees_version(person)}"
    count = cache.get(key)
    if count is None:
        count = waiting_for_me_count(person)
        cache.set(key, count, BADGE_SECONDS)
    return count
