"""PeerWork's own date formats in English, beside Django's (settings.FORMAT_MODULE_PATH).

Templates and code name a format (`|date:"MEDIUM_DATE_FORMAT"`, `date_format(d,
"LONG_DATE_FORMAT")`) instead of spelling one out, so each language writes dates its own way.
Every name here is defined in every language's module too (tests/i18n/test_formats.py):
Django returns an unknown name as the format itself. Django's own names (DATE_FORMAT,
DATETIME_FORMAT, YEAR_MONTH_FORMAT...) come from Django's modules.
"""

MEDIUM_DATE_FORMAT = "M j, Y"  # Dec 1, 2026
LONG_DATE_FORMAT = "F j, Y"  # December 1, 2026
WEEKDAY_DATE_FORMAT = "l, F j, Y"  # Tuesday, December 1, 2026
WEEKDAY_SHORT_DATE_FORMAT = "l, M j, Y"  # Tuesday, Dec 1, 2026
WEEKDAY_MONTH_DAY_FORMAT = "l, F j"  # Tuesday, December 1
SHORT_MONTH_DAY_FORMAT = "M j"  # Dec 1
SHORT_MONTH_DAY_TIME_FORMAT = "M j, H:i"  # Dec 1, 14:30
CLOCK_TIME_FORMAT = "g:i A"  # 2:30 PM
MEDIUM_DATETIME_FORMAT = "M j, Y, g:i A"  # Dec 1, 2026, 2:30 PM
MEDIUM_DATETIME_24_FORMAT = "M j, Y, H:i"  # Dec 1, 2026, 14:30
MEDIUM_DATE_TIME_FORMAT = "M j, Y H:i"  # Dec 1, 2026 14:30
LONG_DATETIME_FORMAT = "F j, Y H:i"  # December 1, 2026 14:30
WEEKDAY_DATETIME_FORMAT = "l, F j, Y, g:i A"  # Tuesday, December 1, 2026, 2:30 PM
