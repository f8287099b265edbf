"""PDFs: a fresh render as its author downloads it, WeasyPrint alone on the same HTML (the
floor it is compared with), and the bulk export of a cycle (PDFs per second, on every core
the export is given)."""

import os
import time

from benchmarks.registry import get, page, url, world_object
from benchmarks.runner import PageError, Unavailable

# The yardstick: a cycle of fifty evaluations.
EXPORT_COUNT = 50


@page("evaluation_pdf", pdf=True)
def evaluation_pdf(world):
    """A fresh render: the draft (every competency rated) has no stored copy to serve."""
    evaluation = world_object(world, "evaluation")
    path = url("evaluations:evaluation_pdf", evaluation.pk)
    return get("evaluation_pdf", evaluation.author, path, content_type="application/pdf")


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
