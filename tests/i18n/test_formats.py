"""Dates and numbers in each language's own way; English reads as it always has."""

import datetime

from django.template import Context, Template
from django.utils import formats, timezone, translation

from peerwork.formats.en import formats as en_formats
from peerwork.formats.es import formats as es_formats

DAY = datetime.date(2026, 12, 1)
# In the site's time zone, where the date filter shows it.
WHEN = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=timezone.get_current_timezone())


def _names(module):
    return {name for name in dir(module) if name.endswith("_FORMAT")}


def test_every_named_format_exists_in_every_language():
    # Django returns an unknown name as the format string itself: a name missing in one
    # language would print its letters as a date.
    assert _names(en_formats) == _names(es_formats)
    assert len(_names(en_formats)) >= 10


def _render(text, language, **context):
    with translation.override(language):
        return Template(text).render(Context(context))


def test_english_dates_are_unchanged():
    cases = {
        "MEDIUM_DATE_FORMAT": "Dec 1, 2026",
        "LONG_DATE_FORMAT": "December 1, 2026",
        "WEEKDAY_DATE_FORMAT": "Tuesday, December 1, 2026",
        "WEEKDAY_MONTH_DAY_FORMAT": "Tuesday, December 1",
        "SHORT_MONTH_DAY_FORMAT": "Dec 1",
        "MEDIUM_DATETIME_FORMAT": "Dec 1, 2026, 2:30 PM",
        "MEDIUM_DATE_TIME_FORMAT": "Dec 1, 2026 14:30",
        "CLOCK_TIME_FORMAT": "2:30 PM",
        "DATE_FORMAT": "Dec. 1, 2026",
        "YEAR_MONTH_FORMAT": "December 2026",
    }
    for name, expected in cases.items():
        assert _render(f'{{{{ when|date:"{name}" }}}}', "en", when=WHEN) == expected, name
    # The site default (en-us) finds the same module as "en".
    assert _render('{{ d|date:"MEDIUM_DATE_FORMAT" }}', "en-us", d=DAY) == "Dec 1, 2026"


def test_spanish_dates():
    cases = {
        "MEDIUM_DATE_FORMAT": "1 dic 2026",
        "LONG_DATE_FORMAT": "1 de diciembre de 2026",
        "WEEKDAY_DATE_FORMAT": "Martes, 1 de diciembre de 2026",  # Django capitalizes days
        "SHORT_MONTH_DAY_FORMAT": "1 dic",
        "MEDIUM_DATETIME_FORMAT": "1 dic 2026, 14:30",
        "CLOCK_TIME_FORMAT": "14:30",
        "DATE_FORMAT": "1 de diciembre de 2026",
        "YEAR_MONTH_FORMAT": "diciembre de 2026",
    }
    for name, expected in cases.items():
        assert _render(f'{{{{ when|date:"{name}" }}}}', "es", when=WHEN) == expected, name
    with translation.override("es"):
        assert formats.date_format(DAY, "LONG_DATE_FORMAT") == "1 de diciembre de 2026"


def test_numbers_follow_the_language():
    assert _render("{{ n }}", "en", n=2.5) == "2.5"
    assert _render("{{ n }}", "es", n=2.5) == "2,5"
    assert _render("{{ n|floatformat:1 }}", "es", n=12.25) == "12,3"


def test_templates_name_their_date_formats():
    """No template spells out a month-name format: each names one, so Spanish gets its own."""
    import re
    from pathlib import Path

    spelled = re.compile(r'\|date:"([^"]*[FMNlD][^"]*)"')
    root = Path(__file__).resolve().parents[2] / "templates"
    found = [
        f"{path.relative_to(root)}: {match.group(1)}"
        for path in root.rglob("*.html")
        for match in spelled.finditer(path.read_text())
        if not match.group(1).isupper() and match.group(1) != "M"
    ]
    assert not found
