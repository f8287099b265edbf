"""Bulk PDF export of a cycle: a ZIP of PDFs plus a merged PDF, made by a task."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from evaluations.exports import ExportJob, ExportStatus, run_export, start_export
from evaluations.models import Evaluation, EvaluationCycle, EvaluationKind, EvaluationStatus
from tests.evaluations.factories import make_version
from tests.evaluations.pdf_support import flat, make_filled_evaluation, page_texts, read_pdf

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def cycle(world):
    version = make_version(categories=2, per_category=3)
    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Annual review 2026",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
        framework_version=version,
    )
    make_filled_evaluation(world.peer_a_staff, world.sup_a2, version, cycle=cycle)
    make_filled_evaluation(
        world.peer_b_staff, world.sup_b, version, cycle=cycle, status=EvaluationStatus.SUBMITTED
    )
    make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        version,
        cycle=cycle,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
    )
    return cycle


def _start(world, cycle, evaluations=None):
    evaluations = evaluations if evaluations is not None else cycle.evaluations.order_by("pk")
    return start_export(
        agency=world.agency,
        cycle=cycle,
        evaluations=evaluations,
        requested_by=world.hr,
        description="Annual review 2026",
        language="en",
    )


def _zip(job):
    with job.zip_file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def _check_outputs(job, expected_names):
    archive = _zip(job)
    assert sorted(archive.namelist()) == sorted([*expected_names, "MANIFEST.txt"])
    manifest = archive.read("MANIFEST.txt").decode()
    assert f"Filter: {job.description}" in manifest
    for name in expected_names:
        if name.endswith(".pdf"):
            assert name in manifest
    pages = 0
    for name in archive.namelist():
        if name.endswith(".pdf"):
            reader = PdfReader(io.BytesIO(archive.read(name)))
            assert "/StructTreeRoot" in reader.trailer["/Root"]
            pages += len(reader.pages)
    with job.merged_file.open("rb") as handle:
        merged = read_pdf(handle.read())
    assert len(merged.pages) == pages
    return archive, merged


def test_export_of_a_cycle_makes_a_zip_and_a_merged_pdf(world, cycle):
    with override_settings(TASKS=IMMEDIATE):
        job = _start(world, cycle)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert (job.done, job.total) == (3, 3)
    assert job.failures == []
    archive, merged = _check_outputs(
        job,
        [
            "evaluation-amani-achebe-annual-review-2026.pdf",
            "self-assessment-amani-achebe-annual-review-2026.pdf",
            "evaluation-bo-baptiste-annual-review-2026.pdf",
        ],
    )
    text = flat(" ".join(page_texts(merged)))
    # In name order, each person's evaluations together; the draft keeps its watermark.
    assert text.index("Amani Achebe") < text.index("Bo Baptiste")
    assert text.count("Person evaluated") == 3
    drafts = [
        name
        for name in archive.namelist()
        if name.endswith(".pdf")
        and "DRAFT" in " ".join(page_texts(PdfReader(io.BytesIO(archive.read(name)))))
    ]
    assert drafts == ["evaluation-amani-achebe-annual-review-2026.pdf"]
    assert job.zip_file.name.startswith(f"exports/{job.pk}-")


def test_a_failed_item_is_reported_never_skipped_silently(world, cycle):
    evaluations = list(cycle.evaluations.order_by("pk"))
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        job = _start(world, cycle, evaluations)
    # Deleted after the export was asked for, before the worker reached it.
    gone = evaluations[1]
    gone_id = gone.pk
    Evaluation.objects.filter(pk=gone_id).delete()
    run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert (job.done, job.total) == (3, 3)
    assert job.failures == [
        {"evaluation_id": gone_id, "name": "", "error": "The evaluation no longer exists."}
    ]
    archive, _merged = _check_outputs(
        job,
        [
            "evaluation-amani-achebe-annual-review-2026.pdf",
            "self-assessment-amani-achebe-annual-review-2026.pdf",
            "FAILED.txt",
        ],
    )
    assert f"#{gone_id}" in archive.read("FAILED.txt").decode()
    # Running the task again does nothing: a finished job stays as it is.
    assert run_export(job.pk).zip_file.name == job.zip_file.name


# The worker closes its database connection when done, as a real worker does: that needs
# committed data, not the test's own transaction (PostgreSQL would lose it).
@pytest.mark.django_db(transaction=True)
def test_the_database_task_worker_runs_the_export(world, cycle):
    job = _start(world, cycle)  # settings.TASKS: the database backend
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED and job.done == 0
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.task_path == "evaluations.tasks.export_evaluations"
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")
    job.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    assert job.status == ExportStatus.DONE
    assert (job.done, job.total) == (3, 3)
    _check_outputs(
        job,
        [
            "evaluation-amani-achebe-annual-review-2026.pdf",
            "self-assessment-amani-achebe-annual-review-2026.pdf",
            "evaluation-bo-baptiste-annual-review-2026.pdf",
        ],
    )


def test_same_names_in_one_export_get_a_suffix(world):
    version = make_version(categories=1, per_category=1)
    first, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a2, version)
    second, _ = make_filled_evaluation(world.peer_a_staff, world.sup_a, version)
    with override_settings(TASKS=IMMEDIATE):
        job = start_export(
            agency=world.agency,
            cycle=None,
            evaluations=[first, second],
            requested_by=world.hr,
            description="Amani",
            language="en",
        )
    job.refresh_from_db()
    names = sorted(_zip(job).namelist())
    assert names == [
        "MANIFEST.txt",
        "evaluation-amani-achebe-2025-07-to-2026-06-2.pdf",
        "evaluation-amani-achebe-2025-07-to-2026-06.pdf",
    ]
    assert ExportJob.objects.get(pk=job.pk).percent == 100
