"""A Spanish-speaking peer does their self-assessment on the WISE form, in a real browser,
and downloads its PDF: nothing of the interface is left in English, on the page or in the PDF,
and the statements are the Spanish ones (issue 17's acceptance)."""

import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from evaluations import services
from evaluations.models import EvaluationKind
from peerwork.models import User
from tests.factories import PASSWORD
from tests.i18n.pofile import parse

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The source documents' names stay in English (locale/es/GLOSSARY.md): no official Spanish title.
DOCUMENT_NAMES = {"WISE Employer Toolkit", "SAMHSA Core Competencies for Peer Workers"}
# Signing renders the signed copy's PDF in the request (62 competencies): slow on a busy machine.
SIGNING_TIMEOUT = 90_000


def english_interface_strings():
    """The catalog's English messages whose Spanish differs, placeholders taken out: each
    piece of text between placeholders and tags that is long enough to be a phrase."""
    pieces = set()
    for entry in parse(CATALOG):
        if not entry.msgid or entry.obsolete or entry.msgstr[0] == entry.msgid:
            continue
        for message in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|\n", message):
                piece = piece.strip(" .,:;()–·")
                # Two words or more: single words ("Email", "PDF") are shared by both languages.
                if len(piece.split()) >= 2:
                    pieces.add(piece)
    return pieces - DOCUMENT_NAMES


def english_left_in(text, pieces):
    # Whole phrases only: "Staff member" inside a person's typed note is not at stake here
    # (the test types only Spanish), but a phrase must not match inside a longer word.
    return sorted(piece for piece in pieces if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text))


def test_a_spanish_speaker_self_assesses_and_downloads_the_pdf(
    world, shipped_frameworks, live_server, new_page
):
    version = shipped_frameworks.wise_form
    structure = services.load_structure(version)
    User.objects.filter(pk=world.peer_a.pk).update(language="es")
    evaluation = services.create_evaluation(
        world.peer_a_staff, world.peer_a, version, EvaluationKind.SELF
    )
    pieces = english_interface_strings()
    assert len(pieces) > 500  # the catalog really was read

    page = new_page(viewport={"width": 1280, "height": 900}, locale="es-US")
    # Before login, the browser's language.
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert english_left_in(page.inner_text("body"), pieces) == []
    page.get_by_label("Nombre de usuario").fill("peer_a")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click(timeout=SIGNING_TIMEOUT)
    page.wait_for_url(f"{live_server.url}/", timeout=SIGNING_TIMEOUT)
    assert english_left_in(page.inner_text("body"), pieces) == []

    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    body = page.inner_text("body")
    assert english_left_in(body, pieces) == []
    first = structure.competencies[0]
    spanish_statement = first.text_in("statement", "es")
    assert spanish_statement and spanish_statement != first.statement
    assert spanish_statement in body
    assert first.statement not in body
    assert "traducción no oficial" in body.lower()

    level = next(level for level in structure.levels if level.code == "proficient")
    for competency in structure.competencies:
        page.locator(f"#id_r_{competency.pk}_{level.pk}").check()
    page.get_by_label("Escriba su nombre completo para firmar").fill("Amani Achebe")
    page.get_by_label("Su contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Firmar y enviar").click(timeout=SIGNING_TIMEOUT)
    expect(page.get_by_text("Enviada y firmada.")).to_be_visible()
    assert english_left_in(page.inner_text("body"), pieces) == []
    evaluation.refresh_from_db()
    assert evaluation.language == "es"

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert " ".join(spanish_statement.split()) in flat
    assert " ".join(first.statement.split()) not in flat
    assert english_left_in(flat, pieces) == []
