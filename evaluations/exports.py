"""Bulk PDF export: every evaluation of a cycle (or a filtered set) as one ZIP of PDFs plus one
merged PDF, made by a task worker outside the request (`evaluations/tasks.py`).

A signed evaluation is exported as its stored signed copy (the file people signed, byte for
byte); only what has none (drafts) is rendered: the task renders each one's HTML in the worker
(database reads, fast) and hands the HTML to a pool of processes that run WeasyPrint (the
slow part), one per core. An item that fails is listed on the job with the reason, never
silently skipped. The ZIP's MANIFEST.txt names the filter and, for every file, where it came
from.
"""

import io
import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from peerwork import pdf, signatures
from peerwork.models import Agency


def export_processes():
    """One WeasyPrint process per core of the machine the worker runs on."""
    return os.cpu_count() or 1


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One bulk export: which evaluations, how far it got, what failed, where the files are."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    cycle = models.ForeignKey(
        "evaluations.EvaluationCycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="export_jobs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Frozen when the export is requested, so the set does not shift while it runs.
    evaluation_ids = models.JSONField(_("evaluations"), default=list)
    description = models.CharField(_("what is exported"), max_length=300, blank=True)
    # What is rendered at export (drafts, the manifest) is in this language; signed copies are
    # the files people signed, in the language they were signed in.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    # [{"evaluation_id": 7, "name": "Amani Achebe", "error": "..."}]
    failures = models.JSONField(_("failures"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    # exports/<id>-<time>/<up to 80 characters of the description>.zip, plus the suffix storage
    # adds to a name already taken: more than FileField's default 100 (PostgreSQL refuses it).
    zip_file = models.FileField(
        _("ZIP of PDFs"), upload_to="exports/", max_length=255, blank=True
    )
    merged_file = models.FileField(
        _("merged PDF"), upload_to="exports/", max_length=255, blank=True
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "evaluations"
        verbose_name = _("PDF export")
        verbose_name_plural = _("PDF exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="export_done_not_over_total"
            ),
        ]

    def __str__(self):
        return self.description or f"Export {self.pk}"

    @property
    def is_finished(self):
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def base_name(self):
        return slugify(self.description)[:80] or f"export-{self.pk}"


def evaluation_filename(evaluation):
    from evaluations import pdf as evaluation_pdf

    return evaluation_pdf.evaluation_filename(evaluation)


def _render_html_items(evaluations):
    """(evaluation, filename, html or None, error or None) in the order given."""
    from evaluations import pdf as evaluation_pdf

    for evaluation in evaluations:
        try:
            html = evaluation_pdf.render_evaluation_html(evaluation)
        except Exception as error:  # reported on the job, not swallowed
            yield evaluation, None, None, f"{type(error).__name__}: {error}"
        else:
            yield evaluation, evaluation_filename(evaluation), html, None


def _unique(name, used):
    stem, candidate, n = name.removesuffix(".pdf"), name, 2
    while candidate in used:
        candidate, n = f"{stem}-{n}.pdf", n + 1
    used.add(candidate)
    return candidate


def _stored_copies(evaluations):
    """{evaluation pk: its current signed copy} for the signed ones (one query)."""
    from evaluations.models import Evaluation

    signed = [e.pk for e in evaluations if not e.is_draft]
    copies = {}
    for pk, rows in signatures.for_objects(Evaluation, signed).items():
        current = [row for row in rows if row.is_current]
        if current:
            copies[pk] = current[-1]
    return copies


def run_export(job_id, processes=None):
    """Do the export of job `job_id`. Called by the task; safe to call again on a finished job
    (it does nothing)."""
    language = ExportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
    with translation.override(language or settings.LANGUAGE_CODE):
        return _run_export(job_id, processes)


def _run_export(job_id, processes):
    from evaluations.pdf import evaluation_queryset

    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status != ExportStatus.QUEUED:
            return job
        job.status = ExportStatus.RUNNING
        job.started_at = timezone.now()
        job.total = len(job.evaluation_ids)
        job.done = 0
        job.failures = []
        job.save(update_fields=["status", "started_at", "total", "done", "failures"])

    try:
        by_id = evaluation_queryset().in_bulk(job.evaluation_ids)
        missing = [pk for pk in job.evaluation_ids if pk not in by_id]
        failures = [
            {"evaluation_id": pk, "name": "", "error": str(_("The evaluation no longer exists."))}
            for pk in missing
        ]
        if missing:
            job.done = len(missing)
            job.failures = list(failures)
            job.save(update_fields=["done", "failures"])
        ordered = sorted(
            by_id.values(),
            key=lambda e: (e.subject.full_name.lower(), e.kind, e.pk),
        )
        results = {}  # evaluation pk -> (filename, bytes, source)
        copies = _stored_copies(ordered)
        for evaluation in ordered:
            copy = copies.get(evaluation.pk)
            if copy is None:
                continue
            try:
                with copy.pdf_file.open("rb") as handle:
                    data = handle.read()
            except OSError as error:  # reported on the job
                failures.append(_failure(evaluation, f"{type(error).__name__}: {error}"))
            else:
                source = _("signed copy, digest %(digest)s") % {"digest": copy.digest}
                results[evaluation.pk] = (evaluation_filename(evaluation), data, str(source))
            _progress(job, failures)
        to_render = [e for e in ordered if e.pk not in copies]
        if to_render:
            _render_all(job, to_render, results, failures, processes or export_processes())
        _write_files(job, ordered, results, failures)
    except Exception as error:
        job.status = ExportStatus.FAILED
        job.error = f"{type(error).__name__}: {error}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    return job


def _render_all(job, evaluations, results, failures, processes):
    rendered = str(_("rendered at export (not signed)"))
    # Spawned, not forked: a fork would copy the worker's open database connection.
    # Pool processes never touch the database; they only turn HTML into PDF bytes.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(processes, len(evaluations)),
        mp_context=context,
        initializer=pdf.setup_pool_process,
    ) as pool:
        futures = []
        for evaluation, filename, html, error in _render_html_items(evaluations):
            if error:
                failures.append(_failure(evaluation, error))
                _progress(job, failures)
                continue
            futures.append((evaluation, filename, pool.submit(pdf.html_to_pdf, html)))
        for evaluation, filename, future in futures:
            try:
                results[evaluation.pk] = (filename, future.result(), rendered)
            except Exception as error:  # reported on the job
                failures.append(_failure(evaluation, f"{type(error).__name__}: {error}"))
            _progress(job, failures)


def _failure(evaluation, error):
    return {"evaluation_id": evaluation.pk, "name": evaluation.subject.full_name, "error": error}


def _progress(job, failures):
    job.done += 1
    job.failures = list(failures)
    job.save(update_fields=["done", "failures"])


def _write_files(job, ordered, results, failures):
    from pypdf import PdfWriter

    zip_buffer = io.BytesIO()
    merged = PdfWriter()
    used = set()
    manifest = [
        str(_("PeerWork PDF export")),
        str(_("Filter: %(filter)s") % {"filter": job.description}),
        str(_("Requested: %(when)s") % {"when": timezone.localtime(job.created_at).isoformat()}),
        str(_("Files: %(count)d") % {"count": len(results)}),
        "",
    ]
    with zipfile.ZipFile(zip_buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for evaluation in ordered:
            if evaluation.pk not in results:
                continue
            filename, data, source = results[evaluation.pk]
            name = _unique(filename, used)
            archive.writestr(name, data)
            merged.append(io.BytesIO(data))
            manifest.append(
                f"{name}\t#{evaluation.pk}\t{evaluation.subject.full_name}\t"
                f"{evaluation.get_kind_display()}\t{evaluation.get_status_display()}\t"
                f"{evaluation.subject.program.name if evaluation.subject.program_id else '-'}\t"
                f"{source}\tsha256 {signatures.sha256(data)}"
            )
        archive.writestr("MANIFEST.txt", "\n".join(manifest) + "\n")
        if failures:
            lines = [str(_("These evaluations could not be exported:")), ""]
            lines += [
                f"- #{f['evaluation_id']} {f['name']}: {f['error']}".replace("  ", " ")
                for f in failures
            ]
            archive.writestr("FAILED.txt", "\n".join(lines) + "\n")
    merged_buffer = io.BytesIO()
    if results:
        merged.add_metadata({"/Title": job.description or job.base_name})
        merged.write(merged_buffer)
    merged.close()

    folder = f"exports/{job.pk}-{timezone.now():%Y%m%d%H%M%S}"
    job.zip_file.name = default_storage.save(
        f"{folder}/{job.base_name}.zip", ContentFile(zip_buffer.getvalue())
    )
    if results:
        job.merged_file.name = default_storage.save(
            f"{folder}/{job.base_name}.pdf", ContentFile(merged_buffer.getvalue())
        )
    job.failures = failures
    job.status = ExportStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["zip_file", "merged_file", "failures", "status", "finished_at"])


def start_export(*, agency, cycle, evaluations, requested_by, description, language):
    """Create the job and queue the task, in one transaction (the database task backend
    stores the task in the same transaction, so a worker never sees a job half made)."""
    from evaluations.tasks import export_evaluations

    ids = [e.pk for e in evaluations]
    with transaction.atomic():
        job = ExportJob.objects.create(
            agency=agency,
            cycle=cycle,
            requested_by=requested_by,
            evaluation_ids=ids,
            total=len(ids),
            description=description[:300],
            language=language,
        )
        result = export_evaluations.enqueue(job.pk)
        ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job
