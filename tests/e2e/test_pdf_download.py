"""Downloading PDFs in a real browser: from the evaluation page, and a bulk export."""

import io
import zipfile

from playwright.sync_api import expect
from pypdf import PdfReader

from evaluations.models import EvaluationStatus
from tests.e2e.conftest import log_in
from tests.evaluations.factories import make_version
from tests.evaluations.pdf_support import flat, make_filled_evaluation
from tests.factories import PASSWORD


def _read_download(download):
    with open(download.path(), "rb") as handle:
        return handle.read()


def test_supervisor_downloads_the_evaluation_pdf(world, live_server, page):
    version = make_version(categories=2, per_category=3)
    evaluation, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, version, status=EvaluationStatus.SUBMITTED
    )
    log_in(page, live_server, "sup_a2", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    download = info.value
    assert download.suggested_filename == "evaluation-amani-achebe-2025-07-to-2026-06.pdf"
    data = _read_download(download)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Person evaluated Amani Achebe" in text
    assert reader.metadata.title == "Performance evaluation: Amani Achebe"


def test_hr_exports_a_cycle_and_downloads_the_zip(world, live_server, page, settings, tmp_path):
    from evaluations.models import EvaluationCycle

    settings.MEDIA_ROOT = tmp_path
    # The live server runs tasks as they are queued, so the export finishes within the request
    # here; the real worker is exercised in tests/evaluations/test_pdf_export.py.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    version = make_version(categories=1, per_category=2)
    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Spring 2026",
        period_start="2026-01-01",
        period_end="2026-06-30",
        due_date="2026-07-15",
        framework_version=version,
    )
    make_filled_evaluation(world.peer_a_staff, world.sup_a2, version, cycle=cycle)
    make_filled_evaluation(world.peer_b_staff, world.sup_b, version, cycle=cycle)

    log_in(page, live_server, "hr", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/cycles/{cycle.pk}/export/")
    expect(page.get_by_text("2 evaluations match.")).to_be_visible()
    # Rendering happens within that request here; a loaded machine can take a while.
    page.set_default_timeout(90_000)
    page.get_by_role("button", name="Start the export").click()
    expect(page.locator("#export-progress")).to_have_text("2 of 2", timeout=90_000)
    expect(page.locator("#export-status")).to_have_text("Done")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download ZIP of PDFs").click()
    archive = zipfile.ZipFile(io.BytesIO(_read_download(info.value)))
    assert sorted(archive.namelist()) == [
        "MANIFEST.txt",
        "evaluation-amani-achebe-spring-2026.pdf",
        "evaluation-bo-baptiste-spring-2026.pdf",
    ]
    with page.expect_download() as info:
        page.get_by_role("link", name="Download merged PDF").click()
    merged = PdfReader(io.BytesIO(_read_download(info.value)))
    text = " ".join(p.extract_text() for p in merged.pages)
    assert "Amani Achebe" in text and "Bo Baptiste" in text


def test_an_export_holds_exactly_the_evaluations_the_filter_on_screen_selects(
    world, live_server, page, settings
):
    from evaluations import services
    from evaluations.models import EvaluationCycle, EvaluationKind
    from peerwork import signatures
    from tests.evaluations.conftest import full_content, signing

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    version = make_version(categories=1, per_category=2)
    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Spring 2026",
        period_start="2026-01-01",
        period_end="2026-06-30",
        due_date="2026-07-15",
        framework_version=version,
    )
    services.launch_cycle(cycle, world.hr)  # a supervisor and a self one for each peer
    structure = services.load_structure(version)
    wanted = cycle.evaluations.get(subject=world.peer_b_staff, kind=EvaluationKind.SUPERVISOR)
    also_submitted = cycle.evaluations.get(subject=world.peer_a_staff, kind=EvaluationKind.SELF)
    for evaluation, author in [(wanted, world.sup_b), (also_submitted, world.peer_a)]:
        services.save_draft(evaluation, full_content(structure), author, 1)
        services.submit(evaluation, signing(author), 2)
    signed_copy = signatures.current(wanted).get()

    log_in(page, live_server, "hr", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/cycles/{cycle.pk}/export/")
    total = cycle.evaluations.count()
    assert total > 4
    expect(page.locator("#export-count")).to_have_text(f"{total} evaluations match.")
    page.set_default_timeout(90_000)
    page.get_by_label("Status").select_option(label="Submitted")
    page.get_by_label("Program").select_option(label="Youth Drop-In")
    # Started straight away: the export does not run on choices the page has not counted.
    page.get_by_role("button", name="Start the export").click()
    expect(page.get_by_text("The choices changed since the count was shown")).to_be_visible()
    expect(page.locator("#export-count")).to_have_text("1 evaluation matches.")
    breakdown = page.locator("#export-breakdown")
    expect(breakdown).to_contain_text("Supervisor evaluation: 1")
    expect(breakdown).to_contain_text("Submitted: 1")
    expect(breakdown).to_contain_text("Youth Drop-In: 1")
    expect(page.get_by_label("Status")).to_have_value("submitted")
    page.get_by_role("button", name="Start the export").click()
    expect(page.locator("#export-progress")).to_have_text("1 of 1", timeout=90_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Status: Submitted")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Program: Youth Drop-In")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download ZIP of PDFs").click()
    archive = zipfile.ZipFile(io.BytesIO(_read_download(info.value)))
    assert sorted(archive.namelist()) == ["MANIFEST.txt", "evaluation-bo-baptiste-spring-2026.pdf"]
    manifest = archive.read("MANIFEST.txt").decode()
    assert "Status: Submitted" in manifest and "Program: Youth Drop-In" in manifest
    assert f"signed copy, digest {signed_copy.digest}" in manifest
    data = archive.read("evaluation-bo-baptiste-spring-2026.pdf")
    assert signatures.sha256(data) == signed_copy.pdf_digest
