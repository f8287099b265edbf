"""Language hints: the shipped language guide's terms, found in what someone is writing.

Every app that has people write about people (evaluations, supervision notes, work plans)
uses this: `guide_terms()` once per page, `hints(text, terms)` for the server-side hints
(they work without JavaScript), and the template `competencies/_language_terms.html`, which
hands the same terms to static/js/language-hints.js for hints while typing. A hint is a
suggestion, never a block.

Terms come from the toolkit's guide (`language-guide`) and, after it, the product's additions
(`language-guide-additions`, each with its published source). Matching is on whole words and
phrases, case aside, plural "s" allowed; an everyday phrase that only contains a term ("just in
case", "clean up") is not a hint.
"""

import re

from competencies.models import ReferenceList

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
}


def _words(term):
    """ "Case, Patient, Client" -> three words; "Non-Compliant (or Compliant)" -> two."""
    text = re.sub(r"\(or ([^)]*)\)", r", \1", term)
    text = re.sub(r"\([^)]*\)", "", text)  # a gloss such as "(test results)" is not matched
    return [w.strip(" .\"'") for w in text.split(",") if w.strip(" .\"'")]


def guide_terms():
    """[{"term", "words", "alternatives", "ignore"}] from the shipped guides: 2 queries."""
    lists = ReferenceList.objects.filter(slug__in=GUIDE_SLUGS).prefetch_related("entries")
    by_slug = {reference.slug: reference for reference in lists}
    terms = []
    for slug in GUIDE_SLUGS:
        reference = by_slug.get(slug)
        if reference is None:
            continue
        for entry in sorted(reference.entries.all(), key=lambda e: (e.order, e.pk)):
            if "_" in entry.term:  # a template ("A _____.") cannot be matched in text
                continue
            words = _words(entry.term)
            if not words:
                continue
            ignore = sorted(
                {phrase for word in words for phrase in EVERYDAY_PHRASES.get(word.lower(), [])}
            )
            terms.append(
                {
                    "term": entry.term,
                    "words": words,
                    "alternatives": list(entry.alternatives),
                    "ignore": ignore,
                }
            )
    return terms


def _without(text, phrases):
    for phrase in phrases:
        text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text, flags=re.IGNORECASE)
    return text


def hints(text, terms):
    """The terms found in `text`: [{"found": word as written, "alternatives": [...]}]."""
    found = []
    for term in terms:
        searched = _without(text or "", term["ignore"])
        pattern = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in term["words"])
        match = re.search(rf"\b(?:{pattern})s?\b", searched, re.IGNORECASE)
        if match:
            found.append({"found": match.group(0), "alternatives": term["alternatives"]})
    return found


def script_data(terms):
    """What static/js/language-hints.js reads from the page (json_script "language-terms");
    its wording comes from the JavaScript catalog."""
    return terms
