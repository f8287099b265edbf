"""Language hints (competencies/language.py): whole words and phrases, guide then additions."""

import json
from pathlib import Path

from competencies import language
from tests.evaluations.factories import make_language_guide

ADDITIONS = Path(__file__).resolve().parents[2] / "fixtures/reference/language-guide-additions.json"


def _found(text, terms):
    return [hint["found"] for hint in language.hints(text, terms)]


def test_hints_from_a_guide(db):
    make_language_guide()
    terms = language.guide_terms()
    hints = language.hints("She met with two Patients and was non-compliant.", terms)
    assert [h["found"] for h in hints] == ["Patients", "non-compliant"]
    assert hints[0]["alternatives"] == ["Person Receiving Services", "Person"]
    assert language.hints("The clientele and the person receiving services.", terms) == []


def test_the_shipped_guide_then_the_additions(shipped_frameworks):
    terms = language.guide_terms()
    found = _found("He was decompensating; a frequent flyer case.", terms)
    assert {word.lower() for word in found} == {"decompensating", "frequent flyer", "case"}
    # The fill-in-the-blank entry is not a word to look for.
    assert all("_" not in t["term"] for t in terms)
    # The toolkit's 12 terms come first, the product additions after them (then the same in
    # Spanish, tests/i18n).
    english = [t["term"] for t in terms if t["language"] == "en"]
    assert english[:1] == ["Manipulation"]
    assert english[-1].startswith("Tested Dirty")


def test_everyday_phrases_are_not_hints(shipped_frameworks):
    terms = language.guide_terms()
    assert _found("Bring a jacket just in case it rains; in any case, call ahead.", terms) == []
    assert _found("We looked at it case by case, in upper case.", terms) == []
    assert _found("She cleaned up the room and did the dirty dishes.", terms) == []
    assert _found("Addiction services; an addictive pattern.", terms) == []
    # ... but the same words about a person still are.
    assert _found("Just in case: this case missed group.", terms) == ["case"]


def test_product_additions_are_found_as_words_and_phrases(shipped_frameworks):
    terms = language.guide_terms()
    assert _found("He is an addict", terms) == ["addict"]
    assert _found("two addicts", terms) == ["addicts"]
    assert _found("She is suffering from anxiety", terms) == ["suffering from"]
    assert _found("a known substance abuser", terms) == ["substance abuser"]
    assert _found("His test came back clean on Monday", terms) == ["came back clean"]
    assert _found("a dirty   urine last week", terms) == ["dirty   urine"]
    hint = language.hints("tested dirty", terms)[0]
    assert hint["alternatives"] == ["Testing Positive", "Positive Test Result"]


def test_every_addition_names_its_published_source():
    data = json.loads(ADDITIONS.read_text())
    assert "Product additions, not part of the WISE toolkit" in data["source"]
    assert data["entries"]
    for entry in data["entries"]:
        assert entry["kind"] == "product_addition"
        assert entry["detail"].count("Source:") == 1
        assert any(name in entry["detail"] for name in ("NIDA", "Psychological Association"))
