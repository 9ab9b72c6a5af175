"""What the steering pages' pickers offer: an objective's owner."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ceremonies.meetings.lists import programme_people
from ceremonies.meetings.permissions import may_steer
from programmes.models import Person
from programmes.permissions import Access
from programmes.pickers.kinds import PEOPLE
from programmes.pickers.sources import picker_source


@picker_source("objective-owner", PEOPLE)
def objective_owners(access: Access, params: Mapping[str, str]) -> QuerySet[Person]:
    if not may_steer(access):
        raise PermissionDenied(_("Only the Meta Scrum Master names an objective's owner."))
    return programme_people(access.programme)
