"""Names are compared folded, without case or accents; SQLite (make run) folds in Python what
PostgreSQL folds with unaccent, and both say the same."""

import pytest
from django.db.models import Value

from metascrum.lib.fold import Folded, fold
from programmes.models import Programme
from tests import factories

NAMES = ["José Álvarez", "Søren Kierkegaard", "Łukasz Żółć", "Straße", "Ægir Œuvre", "Ñandú",
         "ÇAĞLAR ŞAHİN", "Đorđe", "Zoë O'Brien"]


def test_it_folds_case_and_accents():
    assert [fold(name) for name in NAMES] == [
        "jose alvarez", "soren kierkegaard", "lukasz zolc", "strasse", "aegir oeuvre", "nandu",
        "caglar sahin", "dorde", "zoe o'brien"]


@pytest.mark.django_db
def test_the_database_folds_as_python_does():
    programme = factories.ProgrammeFactory()
    folded = (Programme.objects.filter(pk=programme.pk)
              .values(**{f"name_{n}": Folded(Value(name)) for n, name in enumerate(NAMES)})
              .get())
    assert [folded[f"name_{n}"] for n in range(len(NAMES))] == [fold(name) for name in NAMES]
