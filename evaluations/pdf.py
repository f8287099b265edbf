"""Evaluations as PDF, laid out like the WISE sample performance evaluation form.

    render_evaluation_html(evaluation) -> str    the exact HTML the PDF view renders
    render_evaluation_pdf(evaluation) -> bytes
    render_comparison_html(supervisor_eval, self_eval) / render_comparison_pdf(...)
    render_blank_form_html(version, agency=None) / render_blank_form_pdf(...)
    evaluation_filename(evaluation), comparison_filename(...), blank_form_filename(version)

Queries are constant in the number of competencies: the version comes with its categories,
competencies and levels in 4 queries (`competencies.services.version_with_items`), the
evaluation's ratings, comments and goals in one query each.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from competencies.models import FrameworkSubject
from competencies.services import version_with_items
from evaluations.models import (
    CategoryComment,
    DevelopmentGoal,
    Evaluation,
    EvaluationKind,
    EvaluationStatus,
    Rating,
)
from peerwork import pdf

EVALUATION_TEMPLATE = "evaluations/pdf/evaluation.html"
COMPARISON_TEMPLATE = "evaluations/pdf/comparison.html"
BLANK_TEMPLATE = "evaluations/pdf/blank_form.html"


def evaluation_queryset():
    """Evaluations with everything their PDF shows about people, in one query."""
    return Evaluation.objects.select_related(
        "subject__agency",
        "subject__program",
        "subject__supervisor",
        "author",
        "cycle",
        "framework_version",
    ).prefetch_related(
        Prefetch(
            "ratings", queryset=Rating.objects.only("evaluation_id", "competency_id", "level_id")
        ),
        Prefetch("category_comments", queryset=CategoryComment.objects.all()),
        Prefetch("goals", queryset=DevelopmentGoal.objects.order_by("order", "pk")),
    )


def _loaded(evaluation):
    """`evaluation` with its ratings, comments and goals prefetched (fetched once if not)."""
    cache = getattr(evaluation, "_prefetched_objects_cache", {})
    if {"ratings", "category_comments", "goals"} <= set(cache):
        return evaluation
    return evaluation_queryset().get(pk=evaluation.pk)


# --- the rows of a form --------------------------------------------------------------------


@dataclass
class Cell:
    level: object
    chosen: bool = False


@dataclass
class Row:
    competency: object
    cells: list
    chosen: object = None  # the RatingLevel, or None when not rated


@dataclass
class Section:
    category: object
    rows: list
    comment: str = ""
    others: list = field(default_factory=list)  # comparison: the second evaluation's rows


def _sections(version, ratings=None, comments=None):
    levels = list(version.rating_scale.levels.all())
    level_by_id = {level.pk: level for level in levels}
    chosen_ids = {r.competency_id: r.level_id for r in (ratings or [])}
    comment_by_category = {c.category_id: c.text for c in (comments or [])}
    sections = []
    for category in version.categories.all():
        rows = []
        for competency in category.competencies.all():
            chosen_id = chosen_ids.get(competency.pk)
            rows.append(
                Row(
                    competency=competency,
                    cells=[Cell(level, level.pk == chosen_id) for level in levels],
                    chosen=level_by_id.get(chosen_id),
                )
            )
        sections.append(Section(category, rows, comment_by_category.get(category.pk, "")))
    return levels, sections


def _comment_rule(levels):
    """ "Comments (required if you selected Developing or Not Enough Information)", from data."""
    required = [level.text_in("label") for level in levels if level.requires_comment]
    if not required:
        return _("Comments")
    return _("Comments (required if you selected %(levels)s)") % {
        "levels": _(" or ").join(required)
    }


def _period(evaluation):
    start = evaluation.period_start or (evaluation.cycle and evaluation.cycle.period_start)
    end = evaluation.period_end or (evaluation.cycle and evaluation.cycle.period_end)
    if start and end:
        return f"{date_format(start)} – {date_format(end)}"
    return date_format(start or end) if (start or end) else ""


def _period_slug(evaluation):
    if evaluation.cycle_id:
        return evaluation.cycle.name
    start, end = evaluation.period_start, evaluation.period_end
    if start and end:
        return f"{start:%Y-%m}-to-{end:%Y-%m}"
    return f"{(start or end or timezone.localdate(evaluation.created_at)):%Y-%m-%d}"


def _signed(name, when):
    if not name:
        return None
    return {"typed_name": name, "when": date_format(timezone.localtime(when), "DATETIME_FORMAT")}


def _document_title(evaluation):
    kind = (
        _("Self-assessment")
        if evaluation.kind == EvaluationKind.SELF
        else _("Performance evaluation")
    )
    return f"{kind}: {evaluation.subject.full_name}"


def _watermark(evaluation):
    return _("DRAFT") if evaluation.status == EvaluationStatus.DRAFT else ""


def evaluation_snapshot(evaluation, *, status=None, staff_comments=None, author=None, staff=None):
    """Everything the evaluation's PDF shows, as plain JSON: the answers and the form's own
    text (statements, categories, rating labels and definitions). A signed copy freezes this
    and its PDF is rendered from it alone (`render_snapshot_html`), so it reads the same after
    the framework gets a new version.

    `status`, `staff_comments`, `author` and `staff` (signature dicts: typed_name, when)
    describe the evaluation as it is being signed; by default they are read from the row.
    """
    evaluation = _loaded(evaluation)
    version = version_with_items(evaluation.framework_version_id)
    levels, sections = _sections(
        version, evaluation.ratings.all(), evaluation.category_comments.all()
    )
    subject = evaluation.subject
    status = status or evaluation.status
    is_self = evaluation.kind == EvaluationKind.SELF
    title = _document_title(evaluation)
    period = _period(evaluation)
    due = evaluation.due_date or (evaluation.cycle.due_date if evaluation.cycle_id else None)
    if author is None:
        author = _signed(evaluation.author_signature, evaluation.author_signed_at)
    if staff is None:
        staff = _signed(evaluation.staff_signature, evaluation.staff_signed_at)
    return {
        "schema": 1,
        "title": title,
        "header": f"{title} · {period}".strip(" ·"),
        "watermark": str(_("DRAFT")) if status == EvaluationStatus.DRAFT else "",
        "agency": {"name": subject.agency.name},
        "framework": {"name": version.framework.text_in("name"), "slug": version.framework.slug},
        "version": {
            "label": version.label,
            "instructions": version.text_in("instructions"),
            "instructions_for_self": version.instructions_for_self,
            "introduction": version.text_in("introduction"),
            "definitions": [
                {"term": item.get("term", ""), "definition": item.get("definition", "")}
                for item in (version.text_in("definitions") or [])
            ],
        },
        "evaluation": {
            "id": evaluation.pk,
            "kind": evaluation.kind,
            "status": status,
            "status_label": str(EvaluationStatus(status).label),
            "cycle": evaluation.cycle.name if evaluation.cycle_id else "",
            "language": evaluation.get_language_display() if evaluation.language else "",
            # Who supervised the person in the period, as the page shows it (text).
            "supervisors_in_period": render_to_string(
                "evaluations/_supervisors_in_period.html",
                {"periods": evaluation.supervisors_in_period},
            ).strip(),
            "due_date": date_format(due) if due else "",
            "strengths": evaluation.strengths,
            "areas_for_growth": evaluation.areas_for_growth,
            "supervisor_summary": evaluation.supervisor_summary,
            "staff_comments": (
                evaluation.staff_comments if staff_comments is None else staff_comments
            ),
        },
        "subject": {
            "full_name": subject.full_name,
            "pronouns": subject.pronouns,
            "position_title": subject.position_title,
            "program": subject.program.name if subject.program_id else "",
            "supervisor": subject.supervisor.full_name if subject.supervisor_id else "",
        },
        "is_self": is_self,
        "period": period,
        "author_name": evaluation.author.display_name(),
        "levels": [
            {
                "code": level.code,
                "label": level.text_in("label"),
                "definition": level.text_in("definition"),
                "rarely_used": level.rarely_used,
                "requires_comment": level.requires_comment,
            }
            for level in levels
        ],
        "comment_rule": str(_comment_rule(levels)),
        "sections": [
            {
                "category": {
                    "numeral": section.category.numeral,
                    "title": section.category.text_in("title"),
                    "description": section.category.text_in("description"),
                },
                "rows": [
                    {
                        "competency": {
                            "number": row.competency.number,
                            "statement": row.competency.text_in("statement"),
                        },
                        "chosen": row.chosen.text_in("label") if row.chosen else "",
                        "cells": [cell.chosen for cell in row.cells],
                    }
                    for row in section.rows
                ],
                "comment": section.comment,
            }
            for section in sections
        ],
        "goals": [
            {
                "text": goal.text,
                "target_date": date_format(goal.target_date) if goal.target_date else "",
            }
            for goal in evaluation.goals.all()
        ],
        "signatures": {"author": author, "staff": staff},
        "rated_count": sum(1 for s in sections for r in s.rows if r.chosen),
        "competency_count": sum(len(s.rows) for s in sections),
    }


def render_snapshot_html(snapshot, digest=""):
    """The PDF's HTML from a snapshot alone (see `evaluation_snapshot`)."""
    return pdf.render_html(
        EVALUATION_TEMPLATE,
        {**snapshot, "digest": digest},
        title=snapshot["title"],
        author=snapshot["agency"]["name"],
        header=snapshot["header"],
        watermark=snapshot["watermark"],
    )


def render_snapshot_pdf(snapshot, digest=""):
    return pdf.html_to_pdf(render_snapshot_html(snapshot, digest))


def render_evaluation_html(evaluation):
    """The HTML of the evaluation's PDF as it is now (drafts, and anything not signed)."""
    return render_snapshot_html(evaluation_snapshot(evaluation))


def render_evaluation_pdf(evaluation):
    return pdf.html_to_pdf(render_evaluation_html(evaluation))


def evaluation_filename(evaluation):
    prefix = "self-assessment" if evaluation.kind == EvaluationKind.SELF else "evaluation"
    return pdf.pdf_filename(prefix, evaluation.subject.full_name, _period_slug(evaluation))


# --- side by side ----------------------------------------------------------------------------


def comparison_context(supervisor_evaluation, self_evaluation):
    supervisor_evaluation = _loaded(supervisor_evaluation)
    self_evaluation = _loaded(self_evaluation)
    version = version_with_items(supervisor_evaluation.framework_version_id)
    levels, sections = _sections(
        version,
        supervisor_evaluation.ratings.all(),
        supervisor_evaluation.category_comments.all(),
    )
    _levels, self_sections = _sections(
        version, self_evaluation.ratings.all(), self_evaluation.category_comments.all()
    )
    rows = []
    differ = 0
    for section, self_section in zip(sections, self_sections, strict=True):
        pairs = []
        for row, self_row in zip(section.rows, self_section.rows, strict=True):
            same = row.chosen is not None and row.chosen == self_row.chosen
            differ += 0 if same else 1
            pairs.append(
                {
                    "competency": row.competency,
                    "supervisor": row.chosen,
                    "self": self_row.chosen,
                    "same": same,
                }
            )
        rows.append(
            {
                "category": section.category,
                "pairs": pairs,
                "supervisor_comment": section.comment,
                "self_comment": self_section.comment,
            }
        )
    subject = supervisor_evaluation.subject
    return {
        "supervisor_evaluation": supervisor_evaluation,
        "self_evaluation": self_evaluation,
        "version": version,
        "framework": version.framework,
        "agency": subject.agency,
        "subject": subject,
        "period": _period(supervisor_evaluation),
        "levels": levels,
        "sections": rows,
        "differ_count": differ,
        "author_name": supervisor_evaluation.author.display_name(),
    }


def render_comparison_html(supervisor_evaluation, self_evaluation):
    context = comparison_context(supervisor_evaluation, self_evaluation)
    title = _("Side-by-side: %(name)s") % {"name": context["subject"].full_name}
    drafts = any(
        e.status == EvaluationStatus.DRAFT for e in (supervisor_evaluation, self_evaluation)
    )
    return pdf.render_html(
        COMPARISON_TEMPLATE,
        context,
        title=title,
        author=context["agency"].name,
        header=f"{title} · {context['period']}".strip(" ·"),
        watermark=_("DRAFT") if drafts else "",
    )


def render_comparison_pdf(supervisor_evaluation, self_evaluation):
    return pdf.html_to_pdf(render_comparison_html(supervisor_evaluation, self_evaluation))


def comparison_filename(supervisor_evaluation):
    return pdf.pdf_filename(
        "comparison", supervisor_evaluation.subject.full_name, _period_slug(supervisor_evaluation)
    )


# --- blank form ------------------------------------------------------------------------------


def render_blank_form_html(version, agency=None):
    """Any framework version as a printable form to fill in by hand."""
    version = version_with_items(version)
    levels, sections = _sections(version)
    title = version.framework.text_in("name")
    return pdf.render_html(
        BLANK_TEMPLATE,
        {
            "version": version,
            "framework": version.framework,
            "agency": agency,
            "for_person": version.framework.subject == FrameworkSubject.INDIVIDUAL,
            "levels": levels,
            "sections": sections,
            "comment_rule": _comment_rule(levels),
            "blank_goals": range(3),
        },
        title=title,
        author=agency.name if agency else version.framework.publisher,
        header=f"{title} ({version.label})",
        confidentiality=_("Once filled in, this form is a confidential personnel record.")
        if version.framework.subject == FrameworkSubject.INDIVIDUAL
        else "",
    )


def render_blank_form_pdf(version, agency=None):
    return pdf.html_to_pdf(render_blank_form_html(version, agency))


def blank_form_filename(version):
    return pdf.pdf_filename("blank-form", version.framework.slug, version.label)
