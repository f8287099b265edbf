"""The shipped data in Spanish (peerwork/translations.py): every item translated, English per
item where a translation is missing, loaders, admin corrections on versions in use, Spanish
language hints, and the WISE form's pages and PDF in Spanish."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from competencies import language, services
from competencies.models import (
    Category,
    Competency,
    Framework,
    FrameworkVersion,
    RatingLevel,
    RatingScale,
    ReferenceEntry,
    ReferenceList,
)
from evaluations.models import Evaluation, EvaluationKind
from onboarding.models import CheckinQuestion, ChecklistItem, ChecklistItemDetail, ChecklistTemplate
from peerwork.translations import TranslationCorrection, correct_translation
from peerwork.translations_admin import correction_url
from supervision.models import Duty, Topic
from tests.evaluations.pdf_support import flat, make_filled_evaluation, page_texts, read_pdf
from training.models import CatalogVersion, Course, CourseSection

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# Every shipped file whose items are translated (credential rules and the populations table
# are not: they are not shown as documents).
TRANSLATED_FILES = sorted(
    path
    for folder in ("frameworks", "reference", "onboarding", "training", "supervision")
    for path in (FIXTURES / folder).glob("*.json")
)
# How many shipped rows of each kind there are, every one with a Spanish translation.
EXPECTED = {
    RatingScale: 3,
    RatingLevel: 15,
    Framework: 6,
    FrameworkVersion: 6,
    Category: 28,
    Competency: 165,
    ReferenceList: 4,
    ReferenceEntry: 36,
    ChecklistTemplate: 1,
    ChecklistItem: 25,
    ChecklistItemDetail: 56,
    CheckinQuestion: 14,
    CatalogVersion: 1,
    CourseSection: 4,
    Course: 21,
    Topic: 6,
    Duty: 14,
}


def _load_all():
    call_command("load_shipped_data", stdout=StringIO())


def _missing(row):
    """The translated fields of `row` with English text but no Spanish."""
    spanish = (row.translations or {}).get("es", {})
    return [
        field
        for field in row.translated_fields
        if getattr(row, field) not in ("", [], None) and not spanish.get(field)
    ]


@pytest.mark.django_db
def test_every_shipped_item_has_a_spanish_translation():
    _load_all()
    counts = {}
    for model in EXPECTED:
        rows = list(model.objects.all())
        counts[model] = len(rows)
        untranslated = [(str(row)[:60], _missing(row)) for row in rows if _missing(row)]
        assert untranslated == [], model.__name__
    assert counts == EXPECTED
    assert sum(counts.values()) == 405
    # Among them the SAMHSA Core Competencies (12 categories, 62 competencies) and the WISE form.
    for slug in ("samhsa-peer-core-competencies", "wise-peer-performance-evaluation"):
        categories = Category.objects.filter(version__framework__slug=slug)
        competencies = Competency.objects.filter(category__version__framework__slug=slug)
        assert categories.count() == 12 and competencies.count() == 62
        assert all(c.translations["es"]["title"] for c in categories)
        assert all(c.translations["es"]["statement"] for c in competencies)


def test_every_translated_file_says_its_translation_is_unofficial():
    assert len(TRANSLATED_FILES) == 13
    for path in TRANSLATED_FILES:
        note = json.loads(path.read_text(encoding="utf-8"))["translations_note"]["es"]
        assert note.startswith("Traducción no oficial"), path.name
        assert "El texto en inglés es el texto de referencia" in note, path.name


def test_the_spanish_uses_the_glossary():
    samhsa = (FIXTURES / "frameworks/samhsa-peer-core-competencies--2015.json").read_text()
    assert "especialistas de apoyo entre pares" in samhsa
    assert "experiencia vivida" in samhsa and "recuperación" in samhsa
    wise = (FIXTURES / "frameworks/wise-peer-performance-evaluation--2019.2.json").read_text()
    assert "autoevaluación" not in json.loads(wise)["version"]["instructions"]  # English kept
    assert "supervisor(a)" in wise


# --- the accessor: English item by item where a translation is missing ----------------------


@pytest.mark.django_db
def test_fallback_to_english_item_by_item_and_field_by_field(shipped_frameworks):
    category = Category.objects.filter(version=shipped_frameworks.wise_form).first()
    first, second = list(category.competencies.order_by("order"))[:2]
    Competency.objects.filter(pk=second.pk).update(translations={})
    second.refresh_from_db()
    Category.objects.filter(pk=category.pk).update(
        translations={"es": {"title": category.translations["es"]["title"]}}
    )
    category.refresh_from_db()
    with translation.override("es"):
        assert first.text_in("statement") == "Inicia el contacto con los clientes"
        assert second.text_in("statement") == second.statement  # no translation: English
        assert category.text_in("title").startswith("Involucra a los clientes")
        assert category.text_in("description") == category.description  # this field: English
    with translation.override("es-mx"):  # a regional variant reads the Spanish
        assert first.text_in("statement") == "Inicia el contacto con los clientes"
    with translation.override("en"):
        assert first.text_in("statement") == "Initiates contact with clients"
    assert first.text_in("statement", "es") == "Inicia el contacto con los clientes"
    with pytest.raises(AttributeError):
        first.text_in("number")


# --- loaders ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_keeps_the_translations():
    _load_all()
    before = {
        model.__name__: sorted(model.objects.values_list("pk", "translations"))
        for model in EXPECTED
    }
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    assert "0 of 10 files created or updated" in out.getvalue()
    call_command("load_shipped_data", stdout=StringIO())
    after = {
        model.__name__: sorted(model.objects.values_list("pk", "translations"))
        for model in EXPECTED
    }
    assert after == before


@pytest.mark.django_db
def test_a_version_in_use_gets_the_files_translations_but_keeps_its_english(world):
    _load_all()
    version = FrameworkVersion.objects.get(framework__slug="wise-peer-performance-evaluation")
    make_filled_evaluation(world.peer_a_staff, world.sup_a2, version)
    assert version.is_locked()
    competency = Competency.objects.filter(category__version=version).order_by("pk").first()
    Competency.objects.filter(pk=competency.pk).update(translations={})
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    competency.refresh_from_db()
    assert competency.translations["es"]["statement"] == "Inicia el contacto con los clientes"
    assert competency.statement == "Initiates contact with clients"
    assert "wise-peer-performance-evaluation 2019.2: updated" in out.getvalue()


@pytest.mark.django_db
def test_a_file_with_a_wrong_translation_is_refused_whole():
    from competencies.documents import DocumentError

    data = json.loads(
        (FIXTURES / "frameworks/samhsa-peer-core-competencies--2015.json").read_text()
    )
    data["version"]["categories"][0]["translations"] = {
        "es": {"numeral": "I"},
        "fr": {"title": "x"},
    }
    data["version"]["categories"][1]["translations"] = {"es": {"title": ["a list"]}}
    with pytest.raises(DocumentError) as caught:
        services.load_document(data)
    problems = " ".join(caught.value.problems)
    assert "“numeral” cannot be translated" in problems
    assert "“fr” is not a language PeerWork translates into" in problems
    assert "must be text" in problems
    assert not Framework.objects.exists()


# --- corrections by an admin -----------------------------------------------------------------


@pytest.fixture
def in_use(world):
    _load_all()
    version = FrameworkVersion.objects.get(framework__slug="wise-peer-performance-evaluation")
    make_filled_evaluation(world.peer_a_staff, world.sup_a2, version)
    competency = Competency.objects.filter(category__version=version).order_by("pk").first()
    return version, competency


def test_an_admin_corrects_a_translation_of_a_version_in_use(world, in_use, login):
    version, competency = in_use
    assert version.is_locked()
    client = login(world.admin)
    url = correction_url(competency)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Initiates contact with clients" in html and "Inicia el contacto con los clientes" in html
    )
    seen = page.context["form"]["seen"].value()
    response = client.post(
        url,
        {"seen": seen, "es__statement": "Inicia el contacto con las personas", "es__prompts": ""},
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.translations["es"]["statement"] == "Inicia el contacto con las personas"
    assert competency.statement == "Initiates contact with clients"  # the text of record
    correction = TranslationCorrection.objects.get()
    assert correction.corrected_by == world.admin
    assert correction.field == "statement" and correction.language == "es"
    assert correction.old_value == "Inicia el contacto con los clientes"
    assert correction.new_value == "Inicia el contacto con las personas"
    # Shown in the admin: on the item's page and in the list of corrections.
    assert "Inicia el contacto con las personas" in client.get(url).content.decode()
    listing = client.get(reverse("admin:peerwork_translationcorrection_changelist"))
    assert (
        listing.status_code == 200 and "Initiates contact with clients" in listing.content.decode()
    )
    # The loader keeps the correction; the English stays read-only in the admin.
    call_command("load_frameworks", stdout=StringIO())
    competency.refresh_from_db()
    assert competency.translations["es"]["statement"] == "Inicia el contacto con las personas"
    category_url = reverse("admin:competencies_category_change", args=[competency.category_id])
    before = competency.statement
    client.post(category_url, {"title": "Changed", "numeral": "I"})
    competency.refresh_from_db()
    competency.category.refresh_from_db()
    assert competency.statement == before and competency.category.title != "Changed"
    version_page = client.get(
        reverse("admin:competencies_frameworkversion_change", args=[version.pk])
    )
    assert version_page.context["document_locked"] is True
    assert "Correct the translations (es)" in version_page.content.decode()


def test_a_stale_correction_page_saves_nothing(world, in_use, login):
    _version, competency = in_use
    client = login(world.admin)
    url = correction_url(competency)
    seen = client.get(url).context["form"]["seen"].value()
    correct_translation(competency, "es", {"statement": "Otra corrección"}, world.admin)
    response = client.post(url, {"seen": seen, "es__statement": "Mi corrección"})
    assert response.status_code == 200
    assert "Someone else corrected these translations" in response.content.decode()
    competency.refresh_from_db()
    assert competency.translations["es"]["statement"] == "Otra corrección"
    assert TranslationCorrection.objects.count() == 1


def test_only_admins_open_the_correction_page(world, in_use, login):
    _version, competency = in_use
    assert login(world.hr).get(correction_url(competency)).status_code == 302  # to admin login
    bad = reverse("admin:correct_translations", args=[999999, 1])
    assert login(world.admin).get(bad).status_code == 404


# --- hints on Spanish comments (server side) -------------------------------------------------


def _found(text, terms):
    return [hint["found"] for hint in language.hints(text, terms)]


def test_spanish_hints_on_spanish_text(shipped_frameworks):
    terms = language.guide_terms()
    assert sum(t["language"] == "es" for t in terms) == 17
    hint = language.hints("Ella sufre de depresión desde hace años.", terms)
    assert [h["found"] for h in hint] == ["sufre de"]
    assert hint[0]["alternatives"] == ["Vive con", "Tiene", "Está atravesando"]
    assert _found("Su sufrimiento es real y lo nombramos.", terms) == []
    assert _found("Es un ADICTO", terms) == ["ADICTO"]
    assert _found("dos adictas en el grupo", terms) == ["adictas"]
    assert _found("Hablamos con un enfermo mental", terms) == ["enfermo mental"]
    assert _found("Está sintomatico hoy", terms) == ["sintomatico"]  # typed without accent
    assert _found("La prueba salió sucia", terms) == ["salió sucia"]
    assert _found("Dejó el espacio limpio y la ropa sucia", terms) == []
    assert _found("En todo caso, sea paciente con el proceso.", terms) == []
    patient = language.hints("Vimos a tres pacientes", terms)[0]
    assert patient["found"] == "pacientes"
    assert "Persona a quien servimos" in patient["alternatives"]
    # English comments still get the English hints.
    assert _found("He is an addict", terms) == ["addict"]


# --- the WISE form in Spanish: page and PDF --------------------------------------------------


@pytest.fixture
def spanish_self_assessment(world, shipped_frameworks):
    evaluation, _chosen = make_filled_evaluation(
        world.peer_a_staff, world.peer_a, shipped_frameworks.wise_form, kind=EvaluationKind.SELF
    )
    return evaluation


def test_a_self_assessment_page_in_spanish_shows_the_spanish_statements(
    world, spanish_self_assessment, login
):
    client = login(world.peer_a)
    url = reverse("evaluations:evaluation_detail", args=[spanish_self_assessment.pk])
    with translation.override("es"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Inicia el contacto con los clientes" in html
    assert "Initiates contact with clients" not in html
    assert "Involucra a los clientes en relaciones de colaboración y cuidado" in html
    assert "Información insuficiente" in html and "Avanzado" in html
    assert "propia opinión sobre su nivel actual de habilidad" in html  # self instructions
    assert "Traducción no oficial" in html  # the note, from the interface catalog
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Initiates contact with clients" in english
    assert "Inicia el contacto con los clientes" not in english


def test_a_self_assessment_pdf_in_spanish_holds_the_spanish_statements(
    world, spanish_self_assessment, login
):
    client = login(world.peer_a)
    url = reverse("evaluations:evaluation_pdf", args=[spanish_self_assessment.pk])
    with translation.override("es"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    text = flat(
        " ".join(
            page_texts(
                read_pdf(
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
            )
        )
    )
    assert "Inicia el contacto con los clientes" in text
    assert "Celebra los esfuerzos y los logros de los clientes" in text
    assert "Traducción no oficial" in text
    assert "Initiates contact with clients" not in text
    assert Evaluation.objects.get(pk=spanish_self_assessment.pk).framework_version.is_published


# --- onboarding, training and supervision in Spanish ---------------------------------------


@pytest.mark.django_db
def test_a_plan_started_from_the_shipped_template_reads_in_spanish(world, login):
    from tests.onboarding.factories import make_plan

    _load_all()
    template = ChecklistTemplate.objects.get(slug="wise-peer-onboarding")
    plan = make_plan(
        template,
        agency=world.agency,
        program=world.program,
        started_by=world.hr,
        hire=world.peer_a_staff,
    )
    task = plan.tasks.order_by("order").first()
    checkin = plan.checkins.order_by("scheduled_for").first()
    with translation.override("es"):
        assert task.text_in("text") == (
            "Revisar las competencias básicas para pares que trabajan en entornos de salud "
            "conductual"
        )
        assert checkin.question_answers()[0][0] == "¿Qué le gusta del puesto y de esta agencia?"
        html = login(world.hr).get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
        assert "Revisar las competencias básicas para pares" in html.content.decode()
        assert str(Topic.objects.get(code="skill-building")) == "Desarrollo de habilidades"
        catalog = login(world.peer_a).get(reverse("training:catalog"), HTTP_ACCEPT_LANGUAGE="es")
        assert "Recuperación 101 Plus" in catalog.content.decode()
    assert (
        task.text_in("text") == "Review core competencies for peers working in behavioral "
        "health settings"
    )
    assert (
        checkin.question_answers()[0][0] == "What do you like about the position and this agency?"
    )


def test_a_reload_keeps_every_correction_even_a_removal(world, in_use):
    _version, competency = in_use
    category = competency.category
    correct_translation(competency, "es", {"statement": ""}, world.admin)  # English shows
    correct_translation(category, "es", {"title": "Relaciones de colaboración"}, world.admin)
    call_command("load_frameworks", stdout=StringIO())
    competency.refresh_from_db()
    category.refresh_from_db()
    assert "statement" not in competency.translations["es"]
    assert competency.text_in("statement", "es") == competency.statement
    assert category.translations["es"]["title"] == "Relaciones de colaboración"
    assert category.translations["es"]["description"].startswith("Esta categoría")
    assert TranslationCorrection.objects.count() == 2
