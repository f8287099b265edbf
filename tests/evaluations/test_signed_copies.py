"""Signed copies of evaluations: frozen at each signature, stored once, kept across reopening.

Real PDFs (WeasyPrint) read back with pypdf; the files are the stored ones.
"""

from django.urls import reverse

from competencies.models import Competency, FrameworkVersion
from evaluations import services
from evaluations.models import Evaluation, EvaluationStatus
from peerwork import signatures
from peerwork.versioning import VersionStatus
from tests.evaluations.conftest import acknowledged, full_content, signing, submitted
from tests.evaluations.pdf_support import flat, page_texts, read_pdf
from tests.factories import PASSWORD


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def _text(data):
    return flat(" ".join(page_texts(read_pdf(data))))


def test_submit_and_acknowledge_through_the_pages_make_two_signed_copies(world, evals, login):
    structure = evals.structure
    services.save_draft(evals.sup_a, full_content(structure), world.sup_a2, 1)
    client = login(world.sup_a2)
    url = reverse("evaluations:evaluation_detail", args=[evals.sup_a.pk])
    data = {"revision": "2", "goal_slots": "0", "action": "submit"}
    data.update({f"r_{c}": str(lv) for c, lv in full_content(structure).ratings.items()})
    refused = client.post(url, {**data, "sign_name": "Bob", "sign_password": PASSWORD})
    assert refused.status_code == 200
    assert "does not match the name on your record" in refused.content.decode()
    # Nothing lost: the draft was saved; the page carries its new revision.
    data["revision"] = str(Evaluation.objects.get(pk=evals.sup_a.pk).revision)
    refused = client.post(url, {**data, "sign_name": "Aiden Azoulay", "sign_password": "nope"})
    assert "That is not your password." in refused.content.decode()
    assert not signatures.for_object(evals.sup_a).exists()
    data["revision"] = str(Evaluation.objects.get(pk=evals.sup_a.pk).revision)
    ok = client.post(url, {**data, "sign_name": "Aiden Azoulay", "sign_password": PASSWORD})
    assert ok.status_code == 302
    copies = list(signatures.for_object(evals.sup_a))
    assert [c.meaning for c in copies] == [signatures.Meaning.AUTHOR]
    assert copies[0].signer == world.sup_a2

    staff = login(world.peer_a)
    ack = reverse("evaluations:evaluation_acknowledge", args=[evals.sup_a.pk])
    refused = staff.post(
        ack, {"sign_name": "Amani Achebe", "sign_password": "x", "staff_comments": "Keep me"}
    )
    assert refused.status_code == 400 and "Keep me" in refused.content.decode()
    staff.post(
        ack, {"sign_name": "amani achebe", "sign_password": PASSWORD, "staff_comments": "Read."}
    )
    evals.sup_a.refresh_from_db()
    assert evals.sup_a.status == EvaluationStatus.ACKNOWLEDGED
    ack_copy = signatures.current(evals.sup_a).get(meaning=signatures.Meaning.ACKNOWLEDGEMENT)
    assert ack_copy.snapshot["evaluation"]["staff_comments"] == "Read."
    assert ack_copy.snapshot["signatures"]["author_digest"] == copies[0].digest
    html = staff.get(url).content.decode()
    assert "The PDF is the signed copy, digest" in html and ack_copy.digest in html
    # The evaluation's PDF is the stored file, byte for byte.
    pdf = _download(staff, reverse("evaluations:evaluation_pdf", args=[evals.sup_a.pk]))
    assert signatures.sha256(pdf) == ack_copy.pdf_digest


def test_reopened_and_resigned_lists_two_signed_copies_whose_files_match(world, evals, login):
    structure = evals.structure
    first = submitted(evals.sup_a, structure, world.sup_a2)
    services.reopen(first, world.hr, "Rating 1.1 was meant for another period.")
    developing = next(lv for lv in structure.levels if lv.code == "advanced")
    content = full_content(structure)
    content.ratings[structure.competencies[0].pk] = developing.pk
    content.strengths = "Second round strengths."
    first.refresh_from_db()
    services.save_draft(first, content, world.sup_a2, first.revision)
    services.submit(first, signing(world.sup_a2), first.revision)

    copies = list(signatures.for_object(first).order_by("round"))
    assert [(c.round, c.is_current) for c in copies] == [(1, False), (2, True)]
    assert copies[0].superseded_reason == "Rating 1.1 was meant for another period."
    assert copies[0].digest != copies[1].digest

    client = login(world.hr)
    html = client.get(reverse("evaluations:evaluation_detail", args=[first.pk])).content.decode()
    assert html.count('class="mb-3 signed-copy"') == 2
    assert "Rating 1.1 was meant for another period." in html
    files = []
    for copy in copies:
        assert copy.digest in html
        data = _download(client, reverse("evaluations:signed_copy", args=[first.pk, copy.pk]))
        assert signatures.sha256(data) == copy.pdf_digest
        assert signatures.digest_of(copy.snapshot) == copy.digest
        assert signatures.verify(copy) == (True, True)
        files.append(_text(data))
    assert files[0] != files[1]
    assert "Second round strengths." in files[1] and "Second round strengths." not in files[0]
    assert copies[0].digest in files[0] and copies[1].digest in files[1]


def test_signed_copy_text_is_what_was_signed_after_a_new_framework_version(world, evals, login):
    structure = evals.structure
    evaluation = submitted(evals.sup_a, structure, world.sup_a2)
    copy = signatures.current(evaluation).get()
    signed_statements = [
        row["competency"]["statement"] for s in copy.snapshot["sections"] for row in s["rows"]
    ]
    assert signed_statements == [c.statement for c in structure.competencies]

    # A new version of the framework with other wording, published; and, worse, the old
    # version's text changed underneath (which the admin refuses: belt and braces).
    old = evals.version
    new = FrameworkVersion.objects.create(
        framework=old.framework,
        label="2027",
        status=VersionStatus.PUBLISHED,
        rating_scale=old.rating_scale,
    )
    old.status = VersionStatus.RETIRED
    old.save(update_fields=["status"])
    assert new.pk != old.pk
    Competency.objects.filter(category__version=old).update(statement="Reworded statement")

    client = login(world.peer_a)
    data = _download(client, reverse("evaluations:evaluation_pdf", args=[evaluation.pk]))
    assert signatures.sha256(data) == copy.pdf_digest
    text = _text(data)
    for statement in signed_statements:
        assert statement in text
    for section in copy.snapshot["sections"]:
        assert section["category"]["title"] in text
    for level in copy.snapshot["levels"]:
        assert level["label"] in text and level["definition"] in text
    assert "Reworded statement" not in text
    assert "Aiden Azoulay" in text and copy.digest in text


def test_re_acknowledgement_keeps_the_earlier_comments(world, evals, login):
    structure = evals.structure
    evaluation = submitted(evals.sup_a, structure, world.sup_a2)
    acknowledged(evaluation, world.peer_a, "First read: I disagree with 2.1.")
    services.reopen(evaluation, world.hr, "The supervisor corrects 2.1.")
    evaluation.refresh_from_db()
    assert evaluation.staff_comments == ""
    services.save_draft(evaluation, full_content(structure), world.sup_a2, evaluation.revision)
    services.submit(evaluation, signing(world.sup_a2), evaluation.revision)
    evaluation.refresh_from_db()
    acknowledged(evaluation, world.peer_a, "Second read: thank you for the change.")

    acks = list(
        signatures.for_object(evaluation)
        .filter(meaning=signatures.Meaning.ACKNOWLEDGEMENT)
        .order_by("round")
    )
    assert [a.snapshot["evaluation"]["staff_comments"] for a in acks] == [
        "First read: I disagree with 2.1.",
        "Second read: thank you for the change.",
    ]
    html = (
        login(world.peer_a)
        .get(reverse("evaluations:evaluation_detail", args=[evaluation.pk]))
        .content.decode()
    )
    assert "First read: I disagree with 2.1." in html
    assert "Second read: thank you for the change." in html
    first_text = _text(
        _download(
            login(world.peer_a),
            reverse("evaluations:signed_copy", args=[evaluation.pk, acks[0].pk]),
        )
    )
    assert "First read: I disagree with 2.1." in first_text


def test_the_person_reads_the_earlier_signed_copy_while_it_is_reopened(world, evals, login):
    evaluation = submitted(evals.sup_a, evals.structure, world.sup_a2)
    acknowledged(evaluation, world.peer_a, "Read it.")
    services.reopen(evaluation, world.hr, "Corrections.")
    evaluation.refresh_from_db()
    services.save_draft(
        evaluation,
        services.Content(ratings={}, comments={}, strengths="Unfinished new draft text"),
        world.sup_a2,
        evaluation.revision,
    )
    client = login(world.peer_a)
    response = client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "HR reopened this evaluation" in html and "Corrections." in html
    assert "Unfinished new draft text" not in html
    copies = list(signatures.for_object(evaluation))
    assert len(copies) == 2
    for copy in copies:
        data = _download(client, reverse("evaluations:signed_copy", args=[evaluation.pk, copy.pk]))
        assert signatures.sha256(data) == copy.pdf_digest
    # The new draft itself stays hidden from them, as any draft.
    assert (
        client.get(reverse("evaluations:evaluation_pdf", args=[evaluation.pk])).status_code == 404
    )
    # Another team's peer sees none of it.
    other = login(world.peer_b)
    assert (
        other.get(
            reverse("evaluations:signed_copy", args=[evaluation.pk, copies[0].pk])
        ).status_code
        == 404
    )
