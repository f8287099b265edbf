"""Helpers for the PDF tests: filled-in evaluations, and reading real PDFs back with pypdf."""

import datetime
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

from competencies.services import version_with_items
from evaluations.models import (
    CategoryComment,
    DevelopmentGoal,
    Evaluation,
    EvaluationKind,
    EvaluationStatus,
    Rating,
)

MARK = "✔"


def competencies_of(version):
    version = version_with_items(version)
    return [c for cat in version.categories.all() for c in cat.competencies.all()]


def levels_of(version):
    return list(version_with_items(version).rating_scale.levels.all())


def make_filled_evaluation(
    subject,
    author,
    version,
    *,
    kind=EvaluationKind.SUPERVISOR,
    status=EvaluationStatus.DRAFT,
    cycle=None,
    skip=(),
    offset=0,
    comments=True,
    goals=2,
):
    """An evaluation with every competency rated (but those at indexes in `skip`): competency i
    gets level (i + offset) % len(levels), so every level of the scale is used."""
    version = version_with_items(version)
    levels = list(version.rating_scale.levels.all())
    evaluation = Evaluation.objects.create(
        subject=subject,
        author=author,
        framework_version=version,
        kind=kind,
        cycle=cycle,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30),
        strengths="Builds trust quickly with people who are new to services.",
        areas_for_growth="Documentation within two days of each meeting.",
        staff_comments="I would like more time for training in group facilitation."
        if kind == EvaluationKind.SUPERVISOR
        else "",
    )
    chosen = {}
    ratings = []
    for index, competency in enumerate(
        c for cat in version.categories.all() for c in cat.competencies.all()
    ):
        if index in skip:
            continue
        level = levels[(index + offset) % len(levels)]
        chosen[competency.pk] = level
        ratings.append(Rating(evaluation=evaluation, competency=competency, level=level))
    Rating.objects.bulk_create(ratings)
    if comments:
        CategoryComment.objects.bulk_create(
            CategoryComment(
                evaluation=evaluation,
                category=category,
                text=f"Comment on {category.title[:30]} number {n}.",
            )
            for n, category in enumerate(version.categories.all(), start=1)
        )
    for order in range(goals):
        DevelopmentGoal.objects.create(
            evaluation=evaluation,
            text=f"Development goal {order + 1}: co-facilitate a WRAP group.",
            target_date=datetime.date(2026, 9, order + 1),
            order=order,
        )
    if status != EvaluationStatus.DRAFT:
        evaluation.author_signature = author.get_full_name() or author.username
        evaluation.author_signed_at = datetime.datetime(2026, 7, 2, 17, 15, tzinfo=datetime.UTC)
    if status == EvaluationStatus.ACKNOWLEDGED:
        evaluation.staff_signature = subject.full_name
        evaluation.staff_signed_at = datetime.datetime(2026, 7, 3, 23, 40, tzinfo=datetime.UTC)
    evaluation.status = status
    evaluation.save()
    return evaluation, chosen


# --- reading PDFs ----------------------------------------------------------------------------


def read_pdf(data):
    assert data[:5] == b"%PDF-", data[:40]
    return PdfReader(io.BytesIO(data))


def page_texts(reader):
    return [page.extract_text() for page in reader.pages]


def flat(text):
    """Text with line breaks and runs of spaces folded, so wrapped sentences can be found
    (a line broken after a hyphen, "recovery-\\noriented", joins up again)."""
    return re.sub(r"(?<=\w[-/]) ", "", re.sub(r"\s+", " ", text))


@dataclass
class Chunk:
    page: int
    text: str
    x: float
    y: float


def chunks(reader):
    """Every text run on every page with its position (PDF points, y grows upwards)."""
    found = []
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font_dict, font_size, number=number):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append(Chunk(number, text.strip(), x, y))

        page.extract_text(visitor_text=visit)
    return found


def grid_choices(reader, competency_count):
    """For each competency row of the rating grids, in document order, the index of the
    column holding the check mark (None when no mark), read from where things are drawn.

    Rows start with the competency number ("1.") at the grid's left edge; a mark belongs to
    the row whose number is level with it (cells are top-aligned). Columns are told apart by
    the marks' x positions, ranked left to right."""
    all_chunks = chunks(reader)
    numbers = [c for c in all_chunks if re.fullmatch(r"\d+[A-Za-z]?\.", c.text)]
    left = min(c.x for c in numbers)
    rows = [c for c in numbers if abs(c.x - left) < 2]
    assert len(rows) == competency_count, (len(rows), competency_count)
    marks = [c for c in all_chunks if c.text.startswith(MARK)]
    columns = sorted({round(m.x) for m in marks})
    # Equal-width columns: the same column's marks share an x to within a point.
    merged = []
    for x in columns:
        if not merged or x - merged[-1] > 2:
            merged.append(x)
    choices = [None] * len(rows)
    for mark in marks:
        candidates = [
            (abs(row.y - mark.y), index)
            for index, row in enumerate(rows)
            if row.page == mark.page and abs(row.y - mark.y) < 4
        ]
        assert candidates, f"a mark at {mark} is level with no competency row"
        _distance, index = min(candidates)
        assert choices[index] is None, f"two marks on row {index}"
        choices[index] = min(range(len(merged)), key=lambda i: abs(merged[i] - mark.x))
    return choices, len(merged)


def footer_pages(texts):
    """(X, Y) from the "Page X of Y" footer of each page."""
    found = []
    for text in texts:
        match = re.search(r"Page (\d+) of (\d+)", text)
        found.append((int(match[1]), int(match[2])) if match else None)
    return found
