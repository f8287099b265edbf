"""What PeerWork sends goes in the recipient's language; a bulk export in the one HR chose."""

import datetime
import io
import re
import zipfile

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from evaluations.exports import ExportJob, ExportStatus
from evaluations.models import EvaluationCycle
from peerwork import i18n
from peerwork.reminders import send_digests
from tests.evaluations.factories import make_version
from tests.evaluations.pdf_support import flat, make_filled_evaluation, page_texts, read_pdf
from tests.peerwork.todo_world import START, add_work

pytestmark = pytest.mark.django_db

SITE = "https://peerwork.example.org"
MONTHS_ES = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
SPANISH_DATE = re.compile(rf"\b\d{{1,2}} de ({MONTHS_ES}) de \d{{4}}\b")
ENGLISH_DATE = re.compile(r"\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_language_of_a_person():
    class Person:
        language = ""

    person = Person()
    assert i18n.language_of(person) == "en"
    person.language = "es"
    assert i18n.language_of(person) == "es"
    person.language = "xx"
    assert i18n.language_of(person) == "en"


@override_settings(SITE_URL=SITE)
def test_digest_goes_in_each_recipients_language(world):
    add_work(world)
    world.sup_a2.language = "es"
    world.sup_a2.save(update_fields=["language"])
    world.hr.language = "en"
    world.hr.save(update_fields=["language"])
    # Whatever language the sender's process is in.
    with translation.override("es"):
        send_digests(START)
    message = _mail_to(world.sup_a2)
    assert message.subject == "PeerWork: lo que necesita su atención"
    spanish = message.body
    assert SPANISH_DATE.search(spanish), spanish
    assert "what is due soon" not in spanish and not ENGLISH_DATE.search(spanish)
    message = _mail_to(world.hr)
    assert message.subject == "PeerWork: what needs you"
    english = message.body
    assert ENGLISH_DATE.search(english), english
    assert not SPANISH_DATE.search(english)
    # The process's own language is left as it was.
    assert translation.get_language() == "en-us"


@pytest.fixture
def cycle(world):
    version = make_version(categories=1, per_category=2)
    cycle = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Annual review 2026",
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2026, 11, 30),
        due_date=datetime.date(2026, 12, 15),
        framework_version=version,
    )
    make_filled_evaluation(world.peer_a_staff, world.sup_a2, version, cycle=cycle)
    return cycle


def _export(client, world, cycle, language):
    client.force_login(world.hr)
    url = f"/evaluations/cycles/{cycle.pk}/export/"
    page = client.get(url).content.decode()
    assert 'name="language"' in page and "Language of the PDFs" in page
    shown = re.search(r'name="shown" value="([^"]*)"', page).group(1)
    once = re.search(r'name="once" value="([^"]*)"', page)
    data = {"action": "start", "shown": shown, "language": language}
    if once:
        data["once"] = once.group(1)
    with override_settings(TASKS=IMMEDIATE):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE and job.language == language
    with job.zip_file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    [name] = [n for n in archive.namelist() if n.endswith(".pdf")]
    return flat(" ".join(page_texts(read_pdf(archive.read(name)))))


def test_bulk_export_in_spanish(world, cycle, client):
    text = _export(client, world, cycle, "es")
    assert SPANISH_DATE.search(text), text
    assert "Persona evaluada" in text and "Person evaluated" not in text
    assert not ENGLISH_DATE.search(text)
    # The page HR reads stays in HR's language, and says which language the files are in.
    detail = client.get(f"/evaluations/exports/{ExportJob.objects.get().pk}/").content.decode()
    assert '<html lang="en"' in detail and 'lang="es">Español</dd>' in detail


def test_bulk_export_in_english(world, cycle, client):
    text = _export(client, world, cycle, "en")
    assert ENGLISH_DATE.search(text) and not SPANISH_DATE.search(text)
    assert "Person evaluated" in text


def test_export_language_is_one_of_the_two(world, cycle, client):
    client.force_login(world.hr)
    url = f"/evaluations/cycles/{cycle.pk}/export/"
    page = client.get(url).content.decode()
    shown = re.search(r'name="shown" value="([^"]*)"', page).group(1)
    response = client.post(url, {"action": "start", "shown": shown, "language": "fr"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not ExportJob.objects.exists()
