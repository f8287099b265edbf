"""The blank form and the side-by-side comparison PDFs, read back with pypdf."""

import pytest

from evaluations import pdf as evaluation_pdf
from evaluations.models import EvaluationKind, EvaluationStatus
from tests.evaluations.pdf_support import (
    MARK,
    competencies_of,
    flat,
    footer_pages,
    levels_of,
    make_filled_evaluation,
    page_texts,
    read_pdf,
)


@pytest.mark.parametrize(
    "slug", ["wise-peer-performance-evaluation", "samhsa-peer-core-competencies"]
)
def test_blank_form_has_every_statement_and_an_empty_box_per_level(world, shipped_frameworks, slug):
    version = shipped_frameworks.versions[slug]
    reader = read_pdf(evaluation_pdf.render_blank_form_pdf(version, agency=world.agency))
    texts = page_texts(reader)
    text = flat(" ".join(texts))
    competencies = competencies_of(version)
    for competency in competencies:
        assert flat(competency.statement) in text
    levels = levels_of(version)
    assert text.count("☐") == len(competencies) * len(levels) + 2  # + the two "kind" boxes
    assert MARK not in text and "Selected" not in text and "DRAFT" not in text
    for label in (
        "Person evaluated",
        "Supervisor / evaluator",
        "Overall strengths",
        "Development goals",
        "HARBOR PEER SERVICES",
    ):
        assert label in text
    assert footer_pages(texts) == [(n, len(texts)) for n in range(1, len(texts) + 1)]
    assert reader.metadata.title == version.framework.name
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def outline_titles(reader):
    """The PDF's outline (its headings, as WeasyPrint lists them), flattened in order."""

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title

    return list(walk(reader.outline, 0))


SUMMARY_BOXES = [
    "Overall",
    "Overall strengths",
    "Areas for growth",
    "Supervisor's summary",
    "Development goals",
    "Staff member's comments",
    "Signatures",
]


def _in_order(text, labels, start):
    """Where each label is found, each searched for after the previous one."""
    found = []
    for label in labels:
        start = text.find(label, start)
        assert start >= 0, (label, found)
        found.append(start)
    return found


def test_blank_form_has_the_same_boxes_as_the_filled_one(world, shipped_frameworks):
    version = shipped_frameworks.wise_form
    blank = read_pdf(evaluation_pdf.render_blank_form_pdf(version, agency=world.agency))
    # Nothing in the summary boxes, no goals: the filled form still shows every box.
    for goals, summary in ((2, "A thoughtful colleague."), (0, "")):
        evaluation, _ = make_filled_evaluation(
            world.peer_a_staff,
            world.sup_a2,
            version,
            status=EvaluationStatus.ACKNOWLEDGED,
            goals=goals,
        )
        evaluation.supervisor_summary = summary
        evaluation.save(update_fields=["supervisor_summary"])
        filled = read_pdf(evaluation_pdf.render_evaluation_pdf(evaluation))
        # Every heading, the summary boxes' among them, in the same order at the same level.
        assert outline_titles(filled) == outline_titles(blank)
        overall = [title for _depth, title in outline_titles(blank)][-len(SUMMARY_BOXES) :]
        assert overall == SUMMARY_BOXES
        # The same labels in the printed text, in order, down to the signature lines.
        last_category = "Category XII: Promotes Growth and Development"
        for reader in (blank, filled):
            text = flat(" ".join(page_texts(reader)))
            _in_order(
                text,
                [*SUMMARY_BOXES, "Supervisor / evaluator", "Staff member ("],
                text.index(last_category),
            )
        evaluation.delete()
    blank_text = flat(" ".join(page_texts(blank)))
    assert "None recorded." not in blank_text and "No development goals" not in blank_text


def test_a_self_assessment_has_the_blank_forms_boxes_but_the_supervisors(world, shipped_frameworks):
    version = shipped_frameworks.wise_form
    blank = read_pdf(evaluation_pdf.render_blank_form_pdf(version, agency=world.agency))
    evaluation, _ = make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        version,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
    )
    filled = read_pdf(evaluation_pdf.render_evaluation_pdf(evaluation))
    supervisors_only = {"Supervisor's summary", "Staff member's comments"}
    assert outline_titles(filled) == [
        item for item in outline_titles(blank) if item[1] not in supervisors_only
    ]


def test_blank_form_of_an_organization_framework(shipped_frameworks):
    version = shipped_frameworks.wise_employer
    reader = read_pdf(evaluation_pdf.render_blank_form_pdf(version))
    text = flat(" ".join(page_texts(reader)))
    assert "Person evaluated" not in text and "Completed by" in text
    for competency in competencies_of(version):
        assert flat(competency.statement) in text
    assert evaluation_pdf.blank_form_filename(version) == (
        "blank-form-wise-employer-competencies-2019-2.pdf"
    )


def test_side_by_side_shows_both_ratings_and_where_they_differ(world, shipped_frameworks):
    version = shipped_frameworks.wise_form
    supervisor, by_supervisor = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, version, status=EvaluationStatus.SUBMITTED
    )
    # The self-assessment agrees on every other competency.
    own, by_self = make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        version,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
        offset=0,
        skip={1, 3},
    )
    reader = read_pdf(evaluation_pdf.render_comparison_pdf(supervisor, own))
    # The sign and the word are in different fonts; extraction may drop the space between.
    text = flat(" ".join(page_texts(reader))).replace("≠ ", "≠")
    competencies = competencies_of(version)
    for competency in competencies:
        theirs = by_supervisor[competency.pk].label
        mine = by_self[competency.pk].label if competency.pk in by_self else "Not rated"
        verdict = "= Same" if theirs == mine else "≠Differs"
        expected = f"{flat(competency.statement)} {theirs} {mine} {verdict}"
        i = text.find(flat(competency.statement))
        assert expected in text, text[i : i + 300]
    assert "Ratings that differ 2" in text
    assert "DRAFT" not in text
    assert reader.metadata.title == "Side-by-side: Amani Achebe"
    assert evaluation_pdf.comparison_filename(supervisor) == (
        "comparison-amani-achebe-2025-07-to-2026-06.pdf"
    )
