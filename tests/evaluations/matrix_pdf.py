"""Authorization cases for the PDF and bulk export URLs (evaluations/pdf_views.py).

PDFs follow their HTML pages: the rules are `access.visible_evaluations` (a draft supervisor
evaluation is not shown to the person yet; a draft self-assessment only to its author).
"""

import datetime

from django.core.files.base import ContentFile

from evaluations.exports import ExportJob, ExportStatus
from evaluations.models import EvaluationCycle, EvaluationKind, EvaluationStatus
from peerwork.versioning import VersionStatus
from tests.evaluations.factories import make_version
from tests.evaluations.pdf_support import make_filled_evaluation
from tests.matrix import Case, allowed, everyone


def _version(w):
    if not hasattr(w, "pdf_version"):
        w.pdf_version = make_version(categories=1, per_category=2)
    return w.pdf_version


def _evaluation(w, name, subject, author, **kwargs):
    evaluation, _ = make_filled_evaluation(subject, author, _version(w), goals=0, **kwargs)
    setattr(w, name, evaluation)


def _draft(w):
    _evaluation(w, "pdf_eval", w.peer_a_staff, w.sup_a2)


def _submitted(w):
    _evaluation(w, "pdf_eval", w.peer_a_staff, w.sup_a2, status=EvaluationStatus.SUBMITTED)


def _other_team(w):
    _evaluation(w, "pdf_eval", w.peer_b_staff, w.sup_b, status=EvaluationStatus.SUBMITTED)


def _other_agency(w):
    _evaluation(w, "pdf_eval", w.outsider_staff, w.outsider_hr, status=EvaluationStatus.SUBMITTED)


def _pair(self_status):
    def setup(w):
        _submitted(w)
        _evaluation(
            w, "pdf_self", w.peer_a_staff, w.peer_a, kind=EvaluationKind.SELF, status=self_status
        )

    return setup


def _eval_kwargs(w):
    return {"evaluation_id": w.pdf_eval.pk}


def _cycle(w, agency=None):
    w.pdf_cycle = EvaluationCycle.objects.create(
        agency=agency or w.agency,
        name="Matrix cycle",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
        framework_version=_version(w),
    )
    make_filled_evaluation(w.peer_a_staff, w.sup_a2, _version(w), cycle=w.pdf_cycle, goals=0)


def _job(agency_attr, with_file):
    def setup(w):
        agency = getattr(w, agency_attr)
        w.pdf_job = ExportJob.objects.create(
            agency=agency,
            requested_by=w.admin,
            description="Matrix export",
            total=1,
            done=1,
            status=ExportStatus.DONE if with_file else ExportStatus.RUNNING,
        )
        if with_file:
            w.pdf_job.merged_file.save("matrix-export.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))

    return setup


def _draft_version(w):
    w.pdf_version_draft = make_version(categories=1, per_category=1, label="next")
    w.pdf_version_draft.status = VersionStatus.DRAFT
    w.pdf_version_draft.save(update_fields=["status"])


CASES = [
    Case(
        "evaluations:evaluation_pdf",
        allowed("sup_a", "sup_a2", "hr", "admin"),
        setup=_draft,
        kwargs=_eval_kwargs,
        note="draft: not yet shown to the person",
    ),
    Case(
        "evaluations:evaluation_pdf",
        allowed("peer_a", "sup_a", "sup_a2", "hr", "admin"),
        setup=_submitted,
        kwargs=_eval_kwargs,
        note="submitted",
    ),
    Case(
        "evaluations:evaluation_pdf",
        allowed("peer_b", "sup_b", "hr", "admin"),
        setup=_other_team,
        kwargs=_eval_kwargs,
        note="another supervisor's team",
    ),
    Case(
        "evaluations:evaluation_pdf",
        allowed("admin"),
        setup=_other_agency,
        kwargs=_eval_kwargs,
        note="another agency",
    ),
    Case(
        "evaluations:evaluation_pdf",
        allowed(),
        kwargs=lambda w: {"evaluation_id": 999999},
        note="unknown id",
    ),
    Case(
        "evaluations:comparison_pdf",
        allowed("peer_a", "sup_a", "sup_a2", "hr", "admin"),
        setup=_pair(EvaluationStatus.SUBMITTED),
        kwargs=_eval_kwargs,
        note="both submitted",
    ),
    Case(
        "evaluations:comparison_pdf",
        allowed(),
        setup=_pair(EvaluationStatus.DRAFT),
        kwargs=_eval_kwargs,
        note="self-assessment still a draft: nothing to compare yet, as on the page",
    ),
    Case(
        "evaluations:comparison_pdf",
        allowed(),
        setup=_submitted,
        kwargs=_eval_kwargs,
        note="no self-assessment to compare with",
    ),
    Case(
        "evaluations:blank_form_pdf",
        everyone(),
        setup=lambda w: _version(w),
        kwargs=lambda w: {
            "framework_slug": w.pdf_version.framework.slug,
            "label": w.pdf_version.label,
        },
    ),
    Case(
        "evaluations:blank_form_pdf",
        allowed("admin"),
        setup=_draft_version,
        kwargs=lambda w: {
            "framework_slug": w.pdf_version_draft.framework.slug,
            "label": w.pdf_version_draft.label,
        },
        note="draft version: admins only",
    ),
    Case(
        "evaluations:blank_form_pdf",
        allowed(),
        kwargs=lambda w: {"framework_slug": "no-such-form", "label": "1"},
        note="unknown form",
    ),
    Case(
        "evaluations:export_start",
        allowed("hr", "admin"),
        setup=_cycle,
        kwargs=lambda w: {"cycle_id": w.pdf_cycle.pk},
    ),
    Case(
        "evaluations:export_start",
        allowed("hr", "admin", ok=302),
        method="post",
        setup=_cycle,
        kwargs=lambda w: {"cycle_id": w.pdf_cycle.pk},
        data=lambda w: {"kind": "", "status": "", "program": "", "shown": "||", "action": "start"},
        note="start (queued for the worker)",
    ),
    Case(
        "evaluations:export_start",
        allowed("admin"),
        setup=lambda w: _cycle(w, w.other_agency),
        kwargs=lambda w: {"cycle_id": w.pdf_cycle.pk},
        note="another agency's cycle",
    ),
    Case(
        "evaluations:export_detail",
        allowed("hr", "admin"),
        setup=_job("agency", with_file=False),
        kwargs=lambda w: {"export_id": w.pdf_job.pk},
    ),
    Case(
        "evaluations:export_detail",
        allowed("admin"),
        setup=_job("other_agency", with_file=False),
        kwargs=lambda w: {"export_id": w.pdf_job.pk},
        note="another agency's export",
    ),
    Case(
        "evaluations:export_download",
        allowed("hr", "admin"),
        setup=_job("agency", with_file=True),
        kwargs=lambda w: {"export_id": w.pdf_job.pk, "kind": "pdf"},
    ),
    Case(
        "evaluations:export_download",
        allowed(),
        setup=_job("agency", with_file=True),
        kwargs=lambda w: {"export_id": w.pdf_job.pk, "kind": "zip"},
        note="no such file (yet)",
    ),
    Case(
        "evaluations:export_download",
        allowed(),
        setup=_job("agency", with_file=True),
        kwargs=lambda w: {"export_id": w.pdf_job.pk, "kind": "exe"},
        note="unknown kind",
    ),
]
