"""Supervision sessions and work plans are signed through peerwork/signatures.py: the
password re-entered, the name on record, a frozen snapshot with its SHA-256 and a PDF stored
once in private storage; downloads serve the stored copy; reopening and extending keep every
earlier copy. Real PDFs (WeasyPrint), read back with pypdf."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peerwork import signatures, todo
from peerwork.models import Role
from supervision import services
from supervision.models import Participant, SupervisionSession, WorkPlan
from tests.conftest import _person
from tests.evaluations.pdf_support import flat, page_texts, read_pdf
from tests.factories import PASSWORD
from tests.supervision.factories import lists, make_plan, make_session, sign_plan, signing

ACK = signatures.Meaning.ACKNOWLEDGEMENT
AUTHOR = signatures.Meaning.AUTHOR


def _as(user):
    """A client of its own per person: several people sign the same record in one test."""
    client = Client()
    client.force_login(user)
    return client


def _ack(client, session, name, password):
    return client.post(
        reverse("supervision:session_acknowledge", args=[session.pk]),
        {"sign_name": name, "sign_password": password},
    )


def _comment(client, session, text):
    response = client.post(
        reverse("supervision:session_comment", args=[session.pk]), {"comment": text}
    )
    assert response.status_code == 302


def _stored_files():
    root = Path(settings.MEDIA_ROOT) / "private"
    return sorted(root.rglob("*.pdf")) if root.exists() else []


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    return b"".join(response.streaming_content)


def _file(signature):
    with signature.pdf_file.open("rb") as handle:
        return handle.read()


def _text(data):
    return flat(" ".join(page_texts(read_pdf(data))))


def _copy_url(session, copy):
    return reverse("supervision:session_signed_copy", args=[session.pk, copy.pk])


def test_a_wrong_password_or_another_name_is_refused_and_nothing_is_written(world):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    peer = _as(world.peer_a)
    _comment(peer, session, "Keep this comment.")
    revision = SupervisionSession.objects.get(pk=session.pk).revision
    files = _stored_files()

    refused = _ack(peer, session, "Amani Achebe", "not-my-password")
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "That is not your password. Signing needs the password you log in with." in page
    assert "not-my-password" not in page
    refused = _ack(peer, session, "Someone Else", PASSWORD)
    assert "does not match the name on your record (“Amani Achebe”)" in refused.content.decode()
    sup = _as(world.sup_a2)
    refused = _ack(sup, session, "Aiden Azoulay", "nope")
    assert "That is not your password." in refused.content.decode()

    plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
    sign = reverse("supervision:workplan_sign", args=[plan.pk])
    refused = _as(world.peer_a).post(sign, {"sign_name": "Bob", "sign_password": PASSWORD})
    assert refused.status_code == 200
    assert "does not match the name on your record" in refused.content.decode()

    # Nothing half-written: no signature, no file, no acknowledgement, the same revisions.
    assert not signatures.Signature.objects.exists()
    assert _stored_files() == files
    session = SupervisionSession.objects.get(pk=session.pk)
    assert session.revision == revision and session.supervisor_acknowledged_at is None
    participant = Participant.objects.get(session=session)
    assert (participant.acknowledged_at, participant.signed_name) == (None, "")
    assert participant.comment == "Keep this comment."
    plan.refresh_from_db()
    assert plan.employee_signed_at is None and plan.revision == 1


def test_an_acknowledgement_stores_a_signed_copy_whose_pdf_holds_what_was_signed(world):
    today = timezone.localdate()
    session = make_session(
        world.sup_a2_staff,
        [world.peer_a_staff],
        today,
        outside=True,
        actions=[("Call the housing office", world.peer_a_staff, today)],
    )
    peer = _as(world.peer_a)
    _comment(peer, session, "More time for groups, please.")
    assert _ack(peer, session, " amani  achebe ", PASSWORD).status_code == 302

    copy = signatures.current(session).get()
    assert (copy.meaning, copy.signer, copy.typed_name, copy.round) == (
        ACK,
        world.peer_a,
        "amani achebe",
        1,
    )
    assert copy.name_on_record == "Amani Achebe"
    assert signatures.verify(copy) == (True, True)
    assert copy.digest == signatures.sha256(signatures.canonical_json(copy.snapshot))
    data = _file(copy)
    assert signatures.sha256(data) == copy.pdf_digest
    assert copy.pdf_file.path.startswith(str(Path(settings.MEDIA_ROOT) / "private"))
    text = _text(data)
    for expected in (
        "Private notes about the week.",
        "More time for groups, please.",
        "Call the housing office",
        lists()["outside"].label,
        "Supervisee: Amani Achebe",
        "amani achebe ·",
        "Supervisor: Aiden Azoulay",
    ):
        assert expected in text, expected
    assert copy.digest in text.replace(" ", "")
    assert copy.snapshot["people"][0]["comment"] == "More time for groups, please."

    participant = Participant.objects.get(session=session)
    assert participant.acknowledged_at == copy.signed_at
    assert participant.signed_name == "amani achebe"
    # The downloads are the stored file, byte for byte; the page shows who, when, the digest.
    assert _download(peer, reverse("supervision:session_pdf", args=[session.pk])) == data
    assert _download(_as(world.hr), _copy_url(session, copy)) == data
    page = peer.get(session.get_absolute_url()).content.decode()
    assert "Signed by amani achebe on" in page and copy.short_digest in page
    assert _copy_url(session, copy) in page
    # Acknowledged: the comment no longer changes, a second acknowledgement is refused.
    _comment(peer, session, "Changed my mind")
    assert Participant.objects.get(session=session).comment == "More time for groups, please."
    response = _ack(peer, session, "Amani Achebe", PASSWORD)
    assert response.status_code == 302
    assert signatures.for_object(session).count() == 1


def test_a_session_nobody_signed_downloads_as_it_is_now(world):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    data = _download(_as(world.sup_a), reverse("supervision:session_pdf", args=[session.pk]))
    text = _text(data)
    assert "Private notes about the week." in text and "NOT SIGNED" in text
    assert not _stored_files()


def test_a_group_session_is_signed_by_its_supervisor_and_acknowledged_by_each(world):
    carmen, carmen_staff = _person(
        world.agency,
        world.program,
        "peer_c",
        "Carmen Cruz",
        [Role.PEER_STAFF],
        supervisor=world.sup_a2_staff,
    )
    session = make_session(
        world.sup_a2_staff, [world.peer_a_staff, carmen_staff], timezone.localdate(), fmt="group"
    )
    amani, carmen_client, sup = _as(world.peer_a), _as(carmen), _as(world.sup_a2)
    _comment(amani, session, "Amani's view of the group.")
    assert _ack(amani, session, "Amani Achebe", PASSWORD).status_code == 302
    # Carmen's comment, saved after Amani acknowledged, is hers until she acknowledges: it is
    # in no earlier signed copy, which therefore never claims it.
    _comment(carmen_client, session, "Carmen's view of the group.")
    assert _ack(sup, session, "Aiden Azoulay", PASSWORD).status_code == 302
    assert _ack(carmen_client, session, "Carmen Cruz", PASSWORD).status_code == 302

    copies = list(signatures.current(session))
    assert [(c.meaning, c.signer) for c in copies] == [
        (ACK, world.peer_a),
        (AUTHOR, world.sup_a2),
        (ACK, carmen),
    ]
    assert {c.round for c in copies} == {1}
    comments = [[p["comment"] for p in c.snapshot["people"]] for c in copies]
    assert comments == [
        ["Amani's view of the group.", ""],
        ["Amani's view of the group.", ""],
        ["Amani's view of the group.", "Carmen's view of the group."],
    ]
    # Each copy names the signatures before it, with their digests.
    last = copies[-1].snapshot["signatures"]
    assert [row["digest"] for row in last] == [copies[1].digest, copies[0].digest, ""]
    text = _text(_file(copies[-1]))
    assert "Carmen's view of the group." in text and "Amani's view of the group." in text
    assert "Aiden Azoulay ·" in text and "Amani Achebe ·" in text and "Carmen Cruz ·" in text
    assert all(signatures.verify(c) == (True, True) for c in copies)
    session = SupervisionSession.objects.get(pk=session.pk)
    assert session.supervisor_acknowledged_at == copies[1].signed_at
    assert all(p.acknowledged_at for p in session.participants.all())
    # The latest copy is the session's PDF.
    pdf = _download(amani, reverse("supervision:session_pdf", args=[session.pk]))
    assert signatures.sha256(pdf) == copies[-1].pdf_digest
    page = sup.get(session.get_absolute_url()).content.decode()
    assert page.count('class="mb-3 signed-copy"') == 3
    # One signature per signer, meaning and round: the database holds it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        signatures.record(
            session, signatures.prepare({"again": 1}, lambda s, d: b"%PDF", signing(carmen, ACK))
        )


def test_a_session_changed_while_signing_is_not_signed(world):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    loaded = SupervisionSession.objects.get(pk=session.pk)
    participant = loaded.participants.get()
    # Saved by its supervisor after the supervisee opened it.
    SupervisionSession.objects.filter(pk=session.pk).update(
        revision=F("revision") + 1, notes="Corrected notes."
    )
    with pytest.raises(services.Conflict):
        services.sign_session(loaded, signing(world.peer_a, ACK), participant=participant)
    assert not signatures.Signature.objects.exists() and not _stored_files()
    assert Participant.objects.get(pk=participant.pk).acknowledged_at is None


def test_reopening_a_signed_session_keeps_its_copies_and_everyone_signs_again(world):
    session = make_session(world.sup_a2_staff, [world.peer_a_staff], timezone.localdate())
    peer, sup = _as(world.peer_a), _as(world.sup_a2)
    _ack(peer, session, "Amani Achebe", PASSWORD)
    _ack(sup, session, "Aiden Azoulay", PASSWORD)
    first = list(signatures.for_object(session))
    reopen = reverse("supervision:session_reopen", args=[session.pk])
    edit = reverse("supervision:session_edit", args=[session.pk])
    assert sup.get(edit).status_code == 302  # signed: it no longer changes
    assert "Reopen the session" in sup.get(session.get_absolute_url()).content.decode()
    assert peer.post(reopen, {"reason": "Peers cannot reopen"}).status_code == 404
    refused = sup.post(reopen, {"reason": " "})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert all(c.is_current for c in signatures.for_object(session))

    response = sup.post(reopen, {"reason": "The session lasted 45 minutes, not 60."})
    assert response.status_code == 302 and response["Location"] == edit
    assert sup.get(edit).status_code == 200
    session = SupervisionSession.objects.get(pk=session.pk)
    assert session.supervisor_acknowledged_at is None and session.supervisor_signed_name == ""
    assert Participant.objects.get(session=session).acknowledged_at is None
    for copy in signatures.for_object(session):
        assert not copy.is_current and copy.superseded_by == world.sup_a2
        assert copy.superseded_reason == "The session lasted 45 minutes, not 60."
    SupervisionSession.objects.filter(pk=session.pk).update(
        duration_minutes=45, revision=F("revision") + 1
    )
    # Nothing current: the PDF is the session as it is now, not an earlier copy.
    now = _download(peer, reverse("supervision:session_pdf", args=[session.pk]))
    assert "45 minutes" in _text(now) and "NOT SIGNED" in _text(now)

    assert _ack(peer, session, "Amani Achebe", PASSWORD).status_code == 302
    second = signatures.current(session).get()
    assert second.round == 2 and second.snapshot["duration_minutes"] == 45
    assert _download(peer, reverse("supervision:session_pdf", args=[session.pk])) == _file(second)
    # The earlier copies stay listed and downloadable, with the reason.
    page = peer.get(session.get_absolute_url()).content.decode()
    assert page.count("earlier round") == 2
    assert "The session lasted 45 minutes, not 60." in page
    assert _download(peer, _copy_url(session, first[0])) == _file(first[0])


def test_both_agree_to_the_plan_and_an_extension_is_signed_again(world):
    plan = make_plan(world.peer_a_staff, world.sup_a2_staff)
    WorkPlan.objects.filter(pk=plan.pk).update(primary_duties="facilitate recovery groups")
    sign = reverse("supervision:workplan_sign", args=[plan.pk])
    employee, manager = _as(world.peer_a), _as(world.sup_a2)
    assert (
        employee.post(sign, {"sign_name": "Amani Achebe", "sign_password": PASSWORD})["Location"]
        == plan.get_absolute_url()
    )
    assert employee.get(reverse("supervision:workplan_edit", args=[plan.pk])).status_code == 302
    manager.post(sign, {"sign_name": "aiden azoulay", "sign_password": PASSWORD})
    plan.refresh_from_db()
    assert plan.status == "active"
    first, second = signatures.current(plan)
    assert (first.meaning, first.signer, second.meaning, second.signer) == (
        signatures.Meaning.AGREEMENT,
        world.peer_a,
        signatures.Meaning.AGREEMENT,
        world.sup_a2,
    )
    assert [row["digest"] for row in second.snapshot["signatures"]] == [first.digest, ""]
    data = _file(second)
    assert signatures.sha256(data) == second.pdf_digest
    text = _text(data)
    assert "you are required to facilitate recovery groups." in text
    assert "Amani Achebe ·" in text and "aiden azoulay ·" in text
    assert "[" not in text.replace(second.digest, "")
    pdf_url = reverse("supervision:workplan_pdf", args=[plan.pk])
    assert _download(_as(world.hr), pdf_url) == data
    page = employee.get(plan.get_absolute_url()).content.decode()
    assert first.short_digest in page and second.short_digest in page

    # An extension changes what both signed: their copies become history, both sign again.
    new_end = plan.expires_on + datetime.timedelta(days=30)
    manager.post(
        reverse("supervision:workplan_extend", args=[plan.pk]),
        {"new_expires_on": new_end.isoformat(), "reason": "More time for the schedule"},
    )
    plan.refresh_from_db()
    assert plan.status == "active" and plan.expires_on == new_end
    assert plan.employee_signed_at is None and plan.manager_signed_at is None
    assert not signatures.current(plan).exists()
    old = list(signatures.for_object(plan))
    assert all("More time for the schedule" in c.superseded_reason for c in old)
    page = employee.get(plan.get_absolute_url()).content.decode()
    assert "Sign the extended plan" in page and page.count("earlier round") == 2
    assert "NOT SIGNED" in _text(_download(employee, pdf_url))
    today = timezone.localdate()
    for user in (world.peer_a, world.sup_a2):
        keys = {i.key.split(":")[0] for i in todo.registry.items_for(user, today)}
        assert "supervision.plan-resign" in keys, user

    sign_plan(plan, world.peer_a)
    latest = sign_plan(plan, world.sup_a2)
    keys = {i.key.split(":")[0] for i in todo.registry.items_for(world.sup_a2, today)}
    assert "supervision.plan-resign" not in keys
    assert latest.round == 2 and signatures.current(plan).count() == 2
    text = _text(_download(employee, pdf_url))
    assert "More time for the schedule" in text
    assert _download(employee, pdf_url) == _file(latest)
    copy_url = reverse("supervision:workplan_signed_copy", args=[plan.pk, old[0].pk])
    assert _download(employee, copy_url) == _file(old[0])
