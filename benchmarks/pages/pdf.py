"""PDFs: a fresh render as its author downloads it, a signed evaluation's stored copy as its
reader downloads it, WeasyPrint alone on the same HTML (the floor a render is compared with),
and the bulk export of a cycle (PDFs per second, on every core the export is given)."""

import os
import time

from django.utils import timezone

from benchmarks import data
from benchmarks.registry import builder, get, page, url, world_object
from benchmarks.runner import PageError, Unavailable

# The yardstick: a cycle of fifty evaluations.
EXPORT_COUNT = 50


@page("evaluation_pdf", pdf=True)
def evaluation_pdf(world):
    """A fresh render: the draft (every competency rated) has no stored copy to serve."""
    evaluation = world_object(world, "evaluation")
    path = url("evaluations:evaluation_pdf", evaluation.pk)
    return get("evaluation_pdf", evaluation.author, path, content_type="application/pdf")


@builder
def signed_copy(world):
    """Last cycle's evaluation of the measured peer gets its author's signed copy, the way
    submitting stores one (the builders insert evaluations in bulk, without signatures)."""
    evaluation = world_object(world, "signed_evaluation")
    try:
        from evaluations import pdf as evaluation_pdf
    except ImportError:
        raise Unavailable("evaluations.pdf has not shipped yet") from None
    from peerwork import signatures

    if signatures.current(evaluation).exists():
        return
    author = evaluation.author
    signing = signatures.Signing(
        signer=author,
        typed_name=signatures.name_on_record(author),
        name_on_record=signatures.name_on_record(author),
        meaning=signatures.Meaning.AUTHOR,
        signed_at=timezone.now(),
    )
    evaluation = evaluation_pdf.evaluation_queryset().get(pk=evaluation.pk)
    signatures.sign(
        evaluation,
        signing,
        evaluation_pdf.evaluation_snapshot(evaluation),
        evaluation_pdf.render_snapshot_pdf,
        filename=evaluation_pdf.evaluation_filename(evaluation),
    )


@page("evaluation_signed_pdf", pdf=True)
def evaluation_signed_pdf(world):
    """A signed evaluation as the person it is about downloads it: the stored signed copy."""
    evaluation = world_object(world, "signed_evaluation")
    path = url("evaluations:evaluation_pdf", evaluation.pk)
    return get(
        "evaluation_signed_pdf", world.users[data.PEER], path, content_type="application/pdf"
    )


def weasyprint_alone(world):
    """fn() rendering, with WeasyPrint alone, the HTML string the PDF view renders."""
    evaluation = world_object(world, "evaluation")
    try:
        from evaluations.pdf import evaluation_queryset, render_evaluation_html
    except ImportError:
        raise Unavailable("evaluations.pdf.render_evaluation_html has not shipped yet") from None
    from peerwork.pdf import html_to_pdf

    html = render_evaluation_html(evaluation_queryset().get(pk=evaluation.pk))
    return lambda: html_to_pdf(html)


def bulk_export(world, count=EXPORT_COUNT):
    """Export `count` evaluations of last cycle the way the task worker does; PDFs per second.

    Its files go to the benchmark's temporary MEDIA_ROOT (see `runner.bench_settings`).
    """
    try:
        from evaluations.exports import ExportJob, ExportStatus, export_processes, run_export
        from evaluations.models import Evaluation
    except ImportError:
        raise Unavailable("the bulk export has not shipped yet") from None
    cycle = world_object(world, "past_cycle")
    ids = list(
        Evaluation.objects.filter(cycle=cycle).order_by("pk").values_list("pk", flat=True)[:count]
    )
    if not ids:
        raise Unavailable("last cycle has no evaluations to export")
    job = ExportJob.objects.create(
        agency=world.agency,
        cycle=cycle,
        evaluation_ids=ids,
        total=len(ids),
        description="Benchmark export",
    )
    cpu_start = os.times()
    started = time.perf_counter()
    job = run_export(job.pk)
    seconds = time.perf_counter() - started
    cpu_end = os.times()
    if job.status != ExportStatus.DONE or job.failures:
        raise PageError(f"bulk export: {job.status}, {len(job.failures)} failed: {job.error}")
    # The pool's processes are children: their CPU counts once they have been waited for.
    cpu = sum(
        getattr(cpu_end, name) - getattr(cpu_start, name)
        for name in ("user", "system", "children_user", "children_system")
    )
    return {
        "evaluations": len(ids),
        "processes": export_processes(),
        "seconds": round(seconds, 2),
        "pdfs_per_second": round(len(ids) / seconds, 2),
        "cpu_seconds_per_pdf": round(cpu / len(ids), 3),
    }
