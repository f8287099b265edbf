"""The Spanish catalogs: every message translated, none fuzzy, placeholders and markup kept,
and the committed .mo files are the compiled .po files (CI and `pip install .` have no
gettext tools to compile them)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.pofile import parse

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
CATALOGS = sorted(LC_MESSAGES.glob("*.po"))

# %(name)s, %s, %d, %.1f …, {name} (str.format), and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}|<[^>]+>")


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def _messages(path):
    return [e for e in parse(path) if e.msgid and not e.obsolete]


def test_both_catalogs_are_there():
    assert [p.name for p in CATALOGS] == ["django.po", "djangojs.po"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_placeholders_and_markup_match(path):
    wrong = []
    for entry in _messages(path):
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for index, text in enumerate(entry.msgstr):
            source = sources[min(index, len(sources) - 1)]
            if text and _placeholders(text) != _placeholders(source):
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_plural_forms_are_two(path):
    header = next(e for e in parse(path) if e.msgid == "").msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "Language: es" in header
    wrong = [e.msgid for e in _messages(path) if e.msgid_plural is not None and len(e.msgstr) != 2]
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_committed_mo_is_the_compiled_po(path):
    """Run `python manage.py compilemessages -l es` after changing a .po file."""
    with open(path.with_suffix(".mo"), "rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    expected = {}
    for entry in parse(path):
        if entry.obsolete or "fuzzy" in entry.flags or not entry.translated:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr[0]
        else:
            for n, text in enumerate(entry.msgstr):
                expected[(key, n)] = text
    # The header is compiled too (key ""); compare it separately from the messages.
    assert compiled.pop("", None) is not None
    expected.pop("", None)
    assert compiled == expected


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_every_message_is_translated_and_none_is_fuzzy(path):
    """After `makemessages -l es` (and `-d djangojs`), translate every new or fuzzy entry."""
    entries = _messages(path)
    assert entries
    assert [e.msgid for e in entries if not e.translated] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
