"""English as the programmes write it: day before month, 24-hour clock, weeks from Monday.

Django's `en` formats are American ("Dec. 4, 2026, 2:05 p.m."); German and Spanish keep
Django's, which already read day-month-year with a 24-hour clock.
"""

DATE_FORMAT = "j F Y"  # 4 December 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j F Y, H:i"  # 4 December 2026, 14:05
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 4 December
SHORT_DATE_FORMAT = "j M Y"  # 4 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 4 Dec 2026, 14:05
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed dates are read day first; ISO (what date inputs send) is always accepted too.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
