"""Dates and times in each language's own way; English day-month-year on a 24-hour clock."""

from datetime import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format, number_format

MOMENT = datetime(2026, 12, 4, 14, 5)  # a Friday


@pytest.mark.parametrize(("language", "expected"), [
    ("en", {"DATE_FORMAT": "4 December 2026", "SHORT_DATETIME_FORMAT": "4 Dec 2026, 14:05",
            "DATETIME_FORMAT": "4 December 2026, 14:05", "MONTH_DAY_FORMAT": "4 December",
            "TIME_FORMAT": "14:05", "l": "Friday"}),
    ("de", {"DATE_FORMAT": "4. Dezember 2026", "SHORT_DATE_FORMAT": "04.12.2026",
            "MONTH_DAY_FORMAT": "4. Dezember", "TIME_FORMAT": "14:05", "l": "Freitag"}),
    ("es", {"DATE_FORMAT": "4 de diciembre de 2026", "SHORT_DATE_FORMAT": "04/12/2026",
            "MONTH_DAY_FORMAT": "4 de diciembre", "TIME_FORMAT": "14:05", "l": "viernes"}),
])
def test_named_formats_read_as_each_language_writes_dates(language, expected):
    with translation.override(language):
        assert {name: date_format(MOMENT, name) for name in expected} == expected


def test_numbers_use_each_languages_separators():
    with translation.override("de"):
        assert number_format(1234567.5, 1, force_grouping=True) == "1.234.567,5"
    with translation.override("en"):
        assert number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"
