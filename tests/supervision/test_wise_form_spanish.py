"""The collaborative work plan in Spanish (supervision/wise_form_translations.json): every item
of the form translated, English item by item where a translation is missing, the pages and the
PDF rendered on request in Spanish with the placeholders filled, and a signed copy keeping the
text it was signed with."""

import datetime
import io
import json
from pathlib import Path

import pypdf
from django.urls import reverse
from django.utils import translation

from supervision import services, wise_form
from supervision.models import WorkPlan
from tests.supervision.factories import make_plan, signing

SPANISH = wise_form.TRANSLATIONS["es"]
FILE = Path(wise_form.__file__).with_name("wise_form_translations.json")


def _items():
    """Every English item of the form a reader sees, in order."""
    yield wise_form.BASICS_HEADING
    yield from wise_form.BASICS_STATEMENTS
    yield wise_form.TITLE
    yield wise_form.FORM_TITLE
    yield from wise_form.HEADER_LABELS.values()
    yield wise_form.BACKGROUND_DEFAULT
    for section in wise_form.SECTIONS:
        yield section["title"]
        if section["guidance"]:
            yield section["guidance"]
        for block in section["blocks"]:
            if block.get("text"):
                yield block["text"]
            yield from block.get("items", [])
    yield from wise_form.MEETING_LABELS.values()


def _is_guidance(text):
    return text.startswith("[") and text.endswith("]") and text.isupper()


def test_every_statement_and_section_item_has_a_spanish_text():
    items = list(_items())
    assert len(items) == 59
    assert all(SPANISH.get(item) for item in items)
    assert set(SPANISH) == set(items)  # nothing stale, keyed by an English text no longer shipped
    for item in items:
        if _is_guidance(item):
            # A capitalised bracketed instruction stays one in Spanish: shown while writing only.
            assert _is_guidance(SPANISH[item]), item
        else:
            # The same placeholder tokens, so the same code fills them in.
            assert sorted(wise_form.PLACEHOLDER_RE.findall(SPANISH[item])) == sorted(
                wise_form.PLACEHOLDER_RE.findall(item)
            ), item
    assert SPANISH[wise_form.BASICS_STATEMENTS[0]] == (
        "La persona empleada está logrando un progreso general satisfactorio en su puesto."
    )
    assert SPANISH[wise_form.HEADER_LABELS["manager"]] == "Gerente"


def test_the_file_says_its_translation_is_unofficial():
    note = json.loads(FILE.read_text(encoding="utf-8"))["translations_note"]["es"]
    assert note.startswith("Traducción no oficial")
    assert "El texto en inglés es el texto de referencia" in note


def test_an_item_without_a_spanish_text_falls_back_to_its_english(monkeypatch):
    first, second = wise_form.BASICS_STATEMENTS[:2]
    monkeypatch.delitem(SPANISH, first)
    assert wise_form.topics_in([1, 2], "es") == [first, SPANISH[second]]
    assert wise_form.text_in(second, "es-mx") == SPANISH[second]
    assert wise_form.text_in(second, "en") == second
    with translation.override("es"):
        assert wise_form.text_in(second) == SPANISH[second]


def test_the_basics_page_in_spanish_shows_the_spanish_statements(world, login):
    client = login(world.sup_a2)
    url = reverse("supervision:basics_new", args=[world.peer_a_staff.pk])
    with translation.override("es"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    for statement in wise_form.BASICS_STATEMENTS:
        assert SPANISH[statement].replace("'", "&#x27;") in html
        assert statement.replace("'", "&#x27;") not in html
    assert "PLAN DE DESARROLLO: LO BÁSICO" in html
    assert "Traducción no oficial" in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert wise_form.BASICS_STATEMENTS[0] in english
    assert "Traducción no oficial" not in english and "Unofficial translation" not in english


def test_the_work_plan_pages_in_spanish_show_the_spanish_statements(world, login):
    plan = make_plan(world.peer_a_staff, world.sup_a2_staff, no_answers=(3, 9))
    client = login(world.sup_a2)
    for name in ("workplan_detail", "workplan_edit"):
        with translation.override("es"):
            html = client.get(
                reverse(f"supervision:{name}", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="es"
            ).content.decode()
        assert SPANISH[wise_form.BASICS_STATEMENTS[2]] in html, name
        assert SPANISH[wise_form.BASICS_STATEMENTS[8]] in html, name
        assert wise_form.BASICS_STATEMENTS[2] not in html, name
        assert "Identificación de los problemas de desempeño" in html, name
        assert "Traducción no oficial" in html, name
    # The manager writing sees the guidance in Spanish; it stays guidance.
    assert "[DESCRIBA LO QUE HA NOTADO" in html


def _filled(plan):
    WorkPlan.objects.filter(pk=plan.pk).update(
        position="Peer Support Specialist",
        hired_on=datetime.date(2024, 3, 4),
        length_of_time="2 years",
        primary_duties="facilitate recovery groups",
        meeting_every_weeks=2,
        meeting_minutes=30,
    )
    plan.refresh_from_db()
    return plan


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_work_plan_pdf_in_spanish_fills_the_placeholders(world, login):
    plan = _filled(make_plan(world.peer_a_staff, world.sup_a2_staff, no_answers=(3,)))
    url = reverse("supervision:workplan_pdf", args=[plan.pk])
    with translation.override("es"):
        text = _pdf_text(login(world.sup_a2).get(url, HTTP_ACCEPT_LANGUAGE="es"))
    assert (
        "Amani Achebe, Harbor Peer Services le contrató alrededor del 4 de marzo de 2024 para el "
        "puesto de Peer Support Specialist." in text
    )
    assert "se le pide facilitate recovery groups." in text
    assert "nos reuniremos una vez cada 2 semanas durante 30 minutos" in text
    assert SPANISH[wise_form.BASICS_STATEMENTS[2]] in text
    assert "PLAN DE TRABAJO COLABORATIVO" in text and "Traducción no oficial" in text
    assert "[" not in text and "]" not in text
    assert "DESCRIBA" not in text and "ADAPTE" not in text
    assert "you were hired by" not in text


def test_a_signed_plan_keeps_the_text_it_was_signed_with(world, login):
    plan = _filled(make_plan(world.peer_a_staff, world.sup_a2_staff))
    with translation.override("en"):
        services.sign_work_plan(
            plan, signing(world.peer_a, services.PLAN_MEANING), as_employee=True
        )
    url = reverse("supervision:workplan_pdf", args=[plan.pk])
    with translation.override("es"):
        text = _pdf_text(login(world.sup_a2).get(url, HTTP_ACCEPT_LANGUAGE="es"))
    assert "Amani Achebe, you were hired by Harbor Peer Services" in text
    assert "le contrató" not in text and "Traducción no oficial" not in text
