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
