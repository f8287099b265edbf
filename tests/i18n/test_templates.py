"""Every word a template shows goes through {% translate %} / {% blocktranslate %}.

The check strips what is not shown text (comments, scripts, template tags and variables,
the translated blocks themselves, markup) and fails on any letter left over, in the text or
in an attribute a person reads or hears (title, aria-label, placeholder, alt, value of a
button). Markup, symbols and numbers are all a template may carry untranslated."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
TEMPLATES = sorted(
    p for p in TEMPLATE_DIR.rglob("*") if p.suffix in {".html", ".txt"} and p.is_file()
)

# Names that are the same in every language.
PROPER_NAMES = {"PeerWork"}

BLOCKS = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
]
# Template code, and the __i__ / __n__ slots a script fills in a <template>'s copy.
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|__\w+__", re.S)
SHOWN_ATTRIBUTES = re.compile(
    r"""\s(title|aria-label|aria-description|placeholder|alt|data-confirm)\s*=\s*("[^"]*"|'[^']*')""",
    re.I,
)
BUTTON_VALUE = re.compile(
    r"""<input\b[^>]*\btype=["'](?:submit|button|reset)["'][^>]*>""", re.I | re.S
)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&#?\w+;")
LETTER = re.compile(r"[^\W\d_]")


def _words(text):
    text = ENTITY.sub(" ", text)
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return " ".join(w for w in text.split() if LETTER.search(w))


def untranslated(source):
    """The untranslated shown words of a template's source, in order."""
    for block in BLOCKS:
        source = block.sub(" ", source)
    # Attributes are read before the template code is removed: a translated value is a tag.
    found = []
    for _name, value in SHOWN_ATTRIBUTES.findall(source):
        words = _words(TEMPLATE_CODE.sub(" ", value[1:-1]))
        if words:
            found.append(words)
    for tag in BUTTON_VALUE.findall(source):
        value = re.search(r"""\bvalue=("[^"]*"|'[^']*')""", tag)
        if value and _words(TEMPLATE_CODE.sub(" ", value.group(1)[1:-1])):
            found.append(_words(value.group(1)[1:-1]))
    text = TAG.sub(" ", TEMPLATE_CODE.sub(" ", source))
    words = _words(text)
    if words:
        found.append(words)
    return found


def test_the_check_sees_text_outside_translation():
    assert untranslated("<p>Hello {{ name }}</p>") == ["Hello"]
    assert untranslated('<a title="Open it" href="#">{% translate "Open" %}</a>') == ["Open it"]
    assert untranslated('<img alt="{% translate \'Logo\' %}" src="x.png"> · 3 / 4 →') == []
    assert untranslated("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}{# note #}") == []
    assert untranslated('<input type="submit" value="Go">') == ["Go"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATE_DIR)))
def test_template_shows_only_translated_text(path):
    assert untranslated(path.read_text(encoding="utf-8")) == []
