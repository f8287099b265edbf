"""Language hints: the shipped language guide's terms, found in what someone is writing.

Every app that has people write about people (evaluations, supervision notes, work plans)
uses this: `guide_terms()` once per page, `hints(text, terms)` for the server-side hints
(they work without JavaScript), and the template `competencies/_language_terms.html`, which
hands the same terms to static/js/language-hints.js for hints while typing. A hint is a
suggestion, never a block.

Terms come from the toolkit's guide (`language-guide`) and, after it, the product's additions
(`language-guide-additions`, each with its published source); then the same entries' Spanish
terms and alternatives (their unofficial translations, peerwork/translations.py), so a comment
written in Spanish gets hints too, whatever the interface language: a Spanish word found is
answered with the Spanish alternatives. Matching is on whole words and phrases (letters with
accents are letters: "sufrimiento" does not contain "sufre"), case and accents aside
("sintomatico" is "sintomático"), plural "s" allowed; an everyday phrase that only contains a
term ("just in case", "en todo caso") is not a hint. The pattern of each term is built here
once, for this module and for the script alike.
"""

import re

from competencies.models import ReferenceList
from peerwork.translations import data_languages

GUIDE_SLUGS = ("language-guide", "language-guide-additions")

# Everyday phrases in which a guide word does not describe a person. Matching rules, not the
# guide's content, so they live here rather than in the shipped file.
EVERYDAY_PHRASES = {
    "case": [
        "in case",
        "just in case",
        "in any case",
        "in that case",
        "in which case",
        "in this case",
        "in either case",
        "case by case",
        "case-by-case",
        "upper case",
        "lower case",
        "worst case",
        "best case",
        "case study",
        "case studies",
        "make a case",
        "made a case",
        "the case for",
        "is the case",
        "was the case",
        "not the case",
    ],
    "client": ["client server", "email client"],
    "depressed": ["depressed the"],
    "caso": [
        "en caso",
        "en todo caso",
        "en cualquier caso",
        "en ese caso",
        "en este caso",
        "en tal caso",
        "en el caso",
        "en su caso",
        "en ningún caso",
        "caso por caso",
        "hacer caso",
        "hace caso",
        "hizo caso",
        "haga caso",
        "es el caso",
        "no es el caso",
        "estudio de caso",
        "estudios de caso",
    ],
    "cliente": ["cliente de correo"],
    "paciente": [
        "sea paciente",
        "ser paciente",
        "sé paciente",
        "muy paciente",
        "más paciente",
        "tan paciente",
        "fue paciente",
    ],
    "manipulación": ["manipulación de alimentos"],
}

# A vowel in a term also matches it written with an accent, or without one (people type
# "sintomatico"); "ñ" stays its own letter.
_ACCENTED = {
    "a": "aáàâä",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôö",
    "u": "uúùûü",
}
_FOLD = {accented: plain for plain, group in _ACCENTED.items() for accented in group}
# Escaped the same way for Python's re and JavaScript's "u" regular expressions (which
# refuse escapes such as "\-").
_SPECIAL = set(r"\^$.|?*+()[]{}/")


def _pattern(phrases):
    """The alternation matching any of `phrases`, without word boundaries: each side adds its
    own, as Python's and JavaScript's classes of word characters differ."""
    parts = []
    for phrase in phrases:
        out = []
        for char in phrase:
            plain = _FOLD.get(char.lower())
            if plain:
                out.append(f"[{_ACCENTED[plain]}]")
            elif char.isspace():
                if not out or out[-1] != r"\s+":
                    out.append(r"\s+")
            elif char in _SPECIAL:
                out.append("\\" + char)
            else:
                out.append(char)
        parts.append("".join(out))
    return "(?:" + "|".join(parts) + ")"


def _boundaried(core, plural=False):
    return rf"(?<!\w){core}{'s?' if plural else ''}(?!\w)"


def _words(term):
    """ "Case, Patient, Client" -> three words; "Non-Compliant (or Compliant)" -> two (so is
    the Spanish "(o ...)")."""
    text = re.sub(r"\((?:or|o) ([^)]*)\)", r", \1", term)
    text = re.sub(r"\([^)]*\)", "", text)  # a gloss such as "(test results)" is not matched
    return [w.strip(" .\"'") for w in text.split(",") if w.strip(" .\"'")]


def _term(language, term, alternatives):
    words = _words(term)
    if "_" in term or not words:  # a template ("A _____.") cannot be matched in text
        return None
    ignore = sorted({phrase for word in words for phrase in EVERYDAY_PHRASES.get(word.lower(), [])})
    return {
        "language": language,
        "term": term,
        "words": words,
        "alternatives": list(alternatives),
        "pattern": _pattern(words),
        "ignore": [_pattern([phrase]) for phrase in ignore],
    }


def guide_terms():
    """[{"language", "term", "words", "alternatives", "pattern", "ignore"}] from the shipped
    guides: the English terms, then each data language's (module docstring). 2 queries."""
    lists = ReferenceList.objects.filter(slug__in=GUIDE_SLUGS).prefetch_related("entries")
    by_slug = {reference.slug: reference for reference in lists}
    entries = [
        entry
        for slug in GUIDE_SLUGS
        if slug in by_slug
        for entry in sorted(by_slug[slug].entries.all(), key=lambda e: (e.order, e.pk))
    ]
    terms = [_term("en", entry.term, entry.alternatives) for entry in entries]
    for language in data_languages():
        for entry in entries:
            translated = (entry.translations or {}).get(language, {})
            if translated.get("term"):
                terms.append(
                    _term(language, translated["term"], translated.get("alternatives") or [])
                )
    return [term for term in terms if term is not None]


def _without(text, patterns):
    for pattern in patterns:
        text = re.sub(_boundaried(pattern), " ", text, flags=re.IGNORECASE)
    return text


def hints(text, terms):
    """The terms found in `text`: [{"found": word as written, "alternatives": [...]}]."""
    found = []
    for term in terms:
        searched = _without(text or "", term["ignore"])
        match = re.search(_boundaried(term["pattern"], plural=True), searched, re.IGNORECASE)
        if match:
            found.append({"found": match.group(0), "alternatives": term["alternatives"]})
    return found


def script_data(terms):
    """What static/js/language-hints.js reads from the page (json_script "language-terms");
    its wording comes from the JavaScript catalog."""
    return terms
