"""The PDF download views and the bulk export pages, through the test client."""

import datetime

import pytest
from django.urls import reverse

from evaluations.exports import ExportJob, ExportStatus
from evaluations.models import EvaluationCycle, EvaluationKind, EvaluationStatus
from tests.evaluations.factories import make_version
from tests.evaluations.pdf_support import flat, make_filled_evaluation, page_texts, read_pdf


def _pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    return read_pdf(b"".join(response.streaming_content))


def test_evaluation_pdf_download(world, login):
    version = make_version(categories=2, per_category=2)
    evaluation, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, version, status=EvaluationStatus.SUBMITTED
    )
    response = login(world.peer_a).get(reverse("evaluations:evaluation_pdf", args=[evaluation.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="evaluation-amani-achebe-2025-07-to-2026-06.pdf"'
    )
    text = flat(" ".join(page_texts(_pdf(response))))
    assert "Person evaluated Amani Achebe" in text and "Status Submitted" in text


def test_pdf_view_queries_do_not_grow_with_competencies(
    world, login, shipped_frameworks, django_assert_max_num_queries
):
    small_version = make_version(categories=1, per_category=1)
    small, _ = make_filled_evaluation(world.peer_b_staff, world.sup_b, small_version, goals=1)
    big, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, shipped_frameworks.wise_form, goals=5
    )
    client = login(world.hr)
    counts = []
    for evaluation in (small, big):
        with django_assert_max_num_queries(16) as captured:
            _pdf(client.get(reverse("evaluations:evaluation_pdf", args=[evaluation.pk])))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_comparison_pdf_from_either_side(world, login):
    version = make_version(categories=1, per_category=3)
    supervisor, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, version, status=EvaluationStatus.SUBMITTED
    )
    own, _ = make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        version,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
        offset=1,
    )
    client = login(world.sup_a2)
    for evaluation in (supervisor, own):
        response = client.get(reverse("evaluations:comparison_pdf", args=[evaluation.pk]))
        assert response["Content-Disposition"] == (
            'attachment; filename="comparison-amani-achebe-2025-07-to-2026-06.pdf"'
        )
        text = flat(" ".join(page_texts(_pdf(response))))
        assert "Ratings that differ 3" in text


def test_blank_form_download_carries_the_agency_name(world, login, shipped_frameworks):
    version = shipped_frameworks.wise_form
    response = login(world.sup_b).get(
        reverse("evaluations:blank_form_pdf", args=[version.framework.slug, version.label])
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="blank-form-wise-peer-performance-evaluation-2019-2.pdf"'
    )
    text = flat(" ".join(page_texts(_pdf(response))))
    assert "HARBOR PEER SERVICES" in text
    assert "SAMPLE PEER EMPLOYEE PERFORMANCE EVALUATION" in text


# --- bulk export pages -----------------------------------------------------------------------


@pytest.fixture
def cycle(world):
    version = make_version(categories=1, per_category=2)
    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Annual review 2026",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30),
        due_date=datetime.date(2026, 7, 31),
        framework_version=version,
    )
    make_filled_evaluation(world.peer_a_staff, world.sup_a2, version, cycle=cycle, goals=0)
    make_filled_evaluation(
        world.peer_b_staff,
        world.sup_b,
        version,
        cycle=cycle,
        goals=0,
        status=EvaluationStatus.SUBMITTED,
    )
    make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        version,
        cycle=cycle,
        goals=0,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
    )
    return cycle


def _start_url(cycle):
    return reverse("evaluations:export_start", args=[cycle.pk])


def test_export_page_counts_what_the_filters_select(world, login, cycle):
    client = login(world.hr)
    response = client.get(_start_url(cycle))
    assert "3 evaluations match." in response.content.decode()
    response = client.get(_start_url(cycle), {"kind": "self"})
    assert "1 evaluation matches." in response.content.decode()
    response = client.get(_start_url(cycle), {"status": "final"})
    assert "2 evaluations match." in response.content.decode()
    response = client.get(_start_url(cycle), {"program": world.program2.pk})
    assert "1 evaluation matches." in response.content.decode()


def test_export_start_queues_a_job_of_the_filtered_set(world, login, cycle):
    client = login(world.hr)
    choices = {"kind": "supervisor", "status": "", "program": ""}
    page = client.post(_start_url(cycle), {**choices, "action": "count"}).content.decode()
    assert "2 evaluations match." in page
    assert "Supervisor evaluation: 2" in page and "Submitted: 1" in page and "Draft: 1" in page
    assert 'name="shown" value="supervisor||"' in page
    response = client.post(
        _start_url(cycle), {**choices, "shown": "supervisor||", "action": "start"}
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:export_detail", args=[job.pk])
    expected = cycle.evaluations.filter(kind=EvaluationKind.SUPERVISOR).order_by("pk")
    assert job.evaluation_ids == [e.pk for e in expected]
    assert (job.status, job.total, job.done) == (ExportStatus.QUEUED, 2, 0)
    assert job.description == (
        "Annual review 2026 · Which evaluations: Supervisor evaluation · "
        "Status: Any status (drafts carry a DRAFT watermark) · Program: Every program"
    )


def test_an_export_never_starts_on_choices_the_page_did_not_show(world, login, cycle):
    """The bug: "Submitted" and one program chosen, everything exported. Now the choices on
    screen are posted with the start button, and they must be the ones counted."""
    client = login(world.hr)
    shown_for_everything = {"kind": "", "status": "", "program": "", "shown": "||"}
    page = client.post(
        _start_url(cycle),
        {
            **shown_for_everything,
            "status": "submitted",
            "program": world.program2.pk,
            "action": "start",
        },
    ).content.decode()
    assert not ExportJob.objects.exists()
    assert "The choices changed since the count was shown" in page
    assert "1 evaluation matches." in page
    assert f'name="shown" value="|submitted|{world.program2.pk}"' in page
    client.post(
        _start_url(cycle),
        {
            "kind": "",
            "status": "submitted",
            "program": world.program2.pk,
            "shown": f"|submitted|{world.program2.pk}",
            "action": "start",
        },
    )
    job = ExportJob.objects.get()
    assert job.evaluation_ids == [
        cycle.evaluations.get(subject=world.peer_b_staff, status=EvaluationStatus.SUBMITTED).pk
    ]
    assert "Status: Submitted" in job.description and "Program: Youth Drop-In" in job.description
    assert job.task_id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "nonsense"}, "Select a valid choice."),
        ({"program": "not-a-number"}, "Select a valid choice."),
        ({"status": "acknowledged"}, "No evaluations match these choices"),
    ],
)
def test_bad_export_requests_get_a_message_and_no_job(world, login, cycle, data, message):
    key = f"{data.get('kind', '')}|{data.get('status', '')}|{data.get('program', '')}"
    response = login(world.hr).post(_start_url(cycle), {**data, "shown": key, "action": "start"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExportJob.objects.exists()


def test_progress_page_refreshes_itself_until_done(world, login, cycle):
    job = ExportJob.objects.create(
        agency=world.agency,
        cycle=cycle,
        requested_by=world.hr,
        description="Annual review 2026",
        total=48,
        done=12,
        status=ExportStatus.RUNNING,
        failures=[{"evaluation_id": 7, "name": "Bo Baptiste", "error": "OSError: disk full"}],
    )
    client = login(world.hr)
    page = client.get(reverse("evaluations:export_detail", args=[job.pk])).content.decode()
    assert "12 of 48" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Bo Baptiste: OSError: disk full" in page
    assert "Download ZIP" not in page

    job.status, job.done = ExportStatus.DONE, 48
    job.zip_file.name = "exports/x/annual.zip"
    job.save()
    page = client.get(reverse("evaluations:export_detail", args=[job.pk])).content.decode()
    assert "48 of 48" in page and "http-equiv" not in page
    assert reverse("evaluations:export_download", args=[job.pk, "zip"]) in page


def test_download_of_a_missing_file_is_a_404(world, login, cycle):
    job = ExportJob.objects.create(
        agency=world.agency, cycle=cycle, description="x", status=ExportStatus.DONE
    )
    job.zip_file.name = "exports/does-not-exist.zip"
    job.save()
    response = login(world.hr).get(reverse("evaluations:export_download", args=[job.pk, "zip"]))
    assert response.status_code == 404


def test_export_download_serves_the_merged_pdf(world, login, cycle, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(
        agency=world.agency, cycle=cycle, description="Annual review 2026", status="done"
    )
    job.merged_file.save("merged.pdf", ContentFile(b"%PDF-1.7 merged"))
    response = login(world.admin).get(reverse("evaluations:export_download", args=[job.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="annual-review-2026.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 merged"
