"""The evaluation PDF, rendered for real from the shipped WISE form and read back with pypdf."""

import pytest
from django.test import override_settings

from evaluations import pdf as evaluation_pdf
from evaluations.models import EvaluationKind, EvaluationStatus
from tests.evaluations.pdf_support import (
    MARK,
    competencies_of,
    flat,
    footer_pages,
    grid_choices,
    levels_of,
    make_filled_evaluation,
    page_texts,
    read_pdf,
)


@pytest.fixture
def wise(shipped_frameworks):
    return shipped_frameworks.wise_form


def _render(evaluation):
    return read_pdf(evaluation_pdf.render_evaluation_pdf(evaluation))


def test_every_statement_and_every_choice_is_in_the_pdf(world, wise):
    evaluation, chosen = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, wise, status=EvaluationStatus.SUBMITTED
    )
    competencies = competencies_of(wise)
    levels = levels_of(wise)
    assert len(competencies) == 62
    reader = _render(evaluation)
    text = flat(" ".join(page_texts(reader)))
    for competency in competencies:
        assert flat(competency.statement) in text, competency.statement
    # The mark sits in the chosen level's column, for every competency; 62 marks, no more.
    columns, column_count = grid_choices(reader, len(competencies))
    assert column_count == len(levels)
    assert columns == [levels.index(chosen[c.pk]) for c in competencies]
    assert text.count(MARK) == 62
    assert text.count("Selected") == 62
    # Header order is the scale's order, so column i is level i.
    first_header = text.index("Competency Advanced")
    assert text.index("Not Applicable", first_header) > text.index("Developing", first_header)


def test_unrated_competencies_are_said_to_be_unrated(world, wise):
    evaluation, _chosen = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, wise, skip={0, 10, 61}
    )
    reader = _render(evaluation)
    columns, _ = grid_choices(reader, 62)
    assert [i for i, c in enumerate(columns) if c is None] == [0, 10, 61]
    text = flat(" ".join(page_texts(reader)))
    assert text.count("(not rated)") == 3
    assert "59 of 62" in text


def test_header_fields_comments_goals_and_signatures(world, wise):
    evaluation, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, wise, status=EvaluationStatus.ACKNOWLEDGED
    )
    text = flat(" ".join(page_texts(_render(evaluation))))
    for expected in [
        "HARBOR PEER SERVICES",
        "SAMPLE PEER EMPLOYEE PERFORMANCE EVALUATION",
        "Supervisor evaluation",
        "Person evaluated Amani Achebe",
        "Position Peer Support Specialist",
        "Program Adult Peer Support",
        "Supervisor Aiden Azoulay",
        "Status Acknowledged",
        "Instructions",
        "select the rating that best matches",
        "Definitions",
        "Client(s)",
        "As used in this evaluation",
        "Category I: Engages Clients in Collaborative and Caring Relationships",
        "Category XII: Promotes Growth and Development",
        "Comments (required if you selected Developing or Not Enough Information)",
        "Builds trust quickly with people who are new to services.",
        "Documentation within two days of each meeting.",
        "Development goal 1: co-facilitate a WRAP group.",
        "Development goal 2: co-facilitate a WRAP group.",
        "I would like more time for training in group facilitation.",
        # Typed names and the time they signed.
        "sup_a2",
        "Amani Achebe",
        "July 2, 2026",
        "July 3, 2026",
    ]:
        assert expected in text, expected
    categories = list(wise.categories.order_by("order"))
    assert len(categories) == 12
    for n, category in enumerate(categories, start=1):
        assert flat(f"Comment on {category.title[:30]} number {n}.") in text
    assert "Sept. 1, 2026" in text and "Sept. 2, 2026" in text  # goal target dates


def test_unsigned_evaluation_has_blank_signature_lines(world, wise):
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise)
    text = flat(page_texts(_render(evaluation))[-1])
    assert "Signatures" in text
    assert "Signed electronically" not in text
    assert "Supervisor / evaluator" in text and "Date" in text


@pytest.mark.parametrize(
    ("status", "watermarked"),
    [
        (EvaluationStatus.DRAFT, True),
        (EvaluationStatus.SUBMITTED, False),
        (EvaluationStatus.ACKNOWLEDGED, False),
    ],
)
def test_draft_watermark_until_submitted(world, wise, status, watermarked):
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise, status=status)
    texts = page_texts(_render(evaluation))
    assert [("DRAFT" in t) for t in texts] == [watermarked] * len(texts)


def test_page_count_matches_the_footer(world, wise):
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise)
    reader = _render(evaluation)
    count = len(reader.pages)
    assert count >= 5  # 62 competencies in 12 categories do not fit on a few pages
    assert footer_pages(page_texts(reader)) == [(n, count) for n in range(1, count + 1)]


def test_grid_headers_repeat_on_every_page_with_a_grid(world, wise):
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise)
    reader = _render(evaluation)
    for text in map(flat, page_texts(reader)):
        if MARK in text:
            assert "Competency" in text and "Not Applicable" in text


def test_tagged_pdf_with_title_author_and_language(world, wise):
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise)
    reader = _render(evaluation)
    assert reader.metadata.title == "Performance evaluation: Amani Achebe"
    assert reader.metadata.author == "Harbor Peer Services"
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("en")


def test_a4_by_setting(world, wise):
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise)
    with override_settings(PDF_PAGE_SIZE="A4"):
        reader = _render(evaluation)
    assert round(reader.pages[0].mediabox.height) == 842


def test_self_assessment_pdf(world, wise):
    evaluation, chosen = make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        wise,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
        offset=2,
    )
    reader = _render(evaluation)
    text = flat(" ".join(page_texts(reader)))
    assert reader.metadata.title == "Self-assessment: Amani Achebe"
    assert "Self-assessment" in text and "Completed by" in text
    assert "Staff member's comments" not in text
    # The person rating themselves reads their own instructions, not the supervisor's.
    assert "matches your own view of your current level of skill" in text
    assert "your evaluation of the employee" not in text
    levels = levels_of(wise)
    columns, _ = grid_choices(reader, 62)
    assert columns == [levels.index(chosen[c.pk]) for c in competencies_of(wise)]
    assert evaluation_pdf.evaluation_filename(evaluation) == (
        "self-assessment-amani-achebe-2025-07-to-2026-06.pdf"
    )


def test_filename_uses_the_cycle_name(world, wise):
    from evaluations.models import EvaluationCycle

    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Annual review 2025–26",
        period_start="2025-07-01",
        period_end="2026-06-30",
        due_date="2026-07-31",
        framework_version=wise,
    )
    evaluation, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise, cycle=cycle)
    assert evaluation_pdf.evaluation_filename(evaluation) == (
        "evaluation-amani-achebe-annual-review-202526.pdf"
    )


def test_queries_do_not_grow_with_competencies(world, wise, django_assert_max_num_queries):
    from tests.evaluations.factories import make_version

    small_version = make_version(categories=1, per_category=2)
    small, _ = make_filled_evaluation(world.peer_b_staff, world.sup_b, small_version)
    big, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, wise)
    counts = []
    for evaluation in (small, big):
        fetched = evaluation_pdf.evaluation_queryset().get(pk=evaluation.pk)
        with django_assert_max_num_queries(12) as captured:
            evaluation_pdf.render_evaluation_html(fetched)
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("extra_lines", [0, 12, 24])
def test_overall_and_signatures_headings_never_end_a_page_alone(world, wise, extra_lines):
    from evaluations.models import CategoryComment

    evaluation, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, wise, status=EvaluationStatus.SUBMITTED, goals=6
    )
    # A longer last comment moves where the pages break around "Overall" and "Signatures".
    last = CategoryComment.objects.filter(evaluation=evaluation).order_by("-category__order")[0]
    last.text = "\n".join(f"Line {n} of a longer comment." for n in range(extra_lines + 1))
    last.save(update_fields=["text"])
    pages = [flat(text) for text in page_texts(_render(evaluation))]
    for heading, first_content in [
        ("Overall", "Overall strengths"),
        ("Signatures", "Supervisor / evaluator"),
    ]:
        [page] = [p for p in pages if first_content in p]
        assert heading in page.replace(first_content, ""), (heading, extra_lines)
