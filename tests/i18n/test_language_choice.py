"""Choosing the language: the browser's before login, the profile's after, the switch."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD

HTML_LANG = re.compile(r'<html lang="([a-z-]+)"')


def _lang(response):
    return HTML_LANG.search(response.content.decode()).group(1)


def test_before_login_the_browser_language_is_used(db, client):
    response = client.get(reverse("login"), headers={"accept-language": "es-MX,es;q=0.9"})
    assert _lang(response) == "es" and response["Content-Language"] == "es"
    assert "Iniciar sesión" in response.content.decode()
    response = client.get(reverse("login"), headers={"accept-language": "fr-FR,en;q=0.5"})
    assert _lang(response) == "en"
    # Nothing asked for: English, the default the test suite relies on.
    assert _lang(client.get(reverse("login"))) == "en"


def test_after_login_the_profile_language_wins(world, client):
    world.peer_a.language = "es"
    world.peer_a.save(update_fields=["language"])
    client.force_login(world.peer_a)
    response = client.get(reverse("peerwork:home"), headers={"accept-language": "en-US"})
    assert _lang(response) == "es" and response["Content-Language"] == "es"
    assert "Idioma y recordatorios" in response.content.decode()

    world.peer_b.language = "en"
    world.peer_b.save(update_fields=["language"])
    client.force_login(world.peer_b)
    response = client.get(reverse("peerwork:home"), headers={"accept-language": "es"})
    assert _lang(response) == "en"


def test_first_login_keeps_the_language_logged_in_with(world, client):
    world.peer_a.language = ""
    world.peer_a.save(update_fields=["language"])
    response = client.post(
        reverse("login"),
        {"username": "peer_a", "password": PASSWORD},
        headers={"accept-language": "es-ES,es;q=0.9"},
    )
    assert response.status_code == 302
    world.peer_a.refresh_from_db()
    assert world.peer_a.language == "es"
    # A later login from an English browser does not undo the person's language.
    client.logout()
    client.post(
        reverse("login"),
        {"username": "peer_a", "password": PASSWORD},
        headers={"accept-language": "en-US"},
    )
    world.peer_a.refresh_from_db()
    assert world.peer_a.language == "es"
    assert _lang(client.get(reverse("peerwork:home"), headers={"accept-language": "en"})) == "es"


def test_switch_before_login_sets_the_browser_language(db, client):
    response = client.post(
        reverse("peerwork:set_language"), {"language": "es", "next": reverse("login")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert _lang(client.get(reverse("login"), headers={"accept-language": "en"})) == "es"


def test_switch_after_login_saves_the_profile_language(world, client):
    client.force_login(world.sup_a)
    response = client.post(
        reverse("peerwork:set_language"),
        {"language": "es", "next": reverse("peerwork:staff_list")},
    )
    assert response["Location"] == reverse("peerwork:staff_list")
    world.sup_a.refresh_from_db()
    assert world.sup_a.language == "es"
    assert _lang(client.get(reverse("peerwork:staff_list"))) == "es"
    # An unknown language changes nothing; a foreign `next` is not followed.
    response = client.post(
        reverse("peerwork:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    world.sup_a.refresh_from_db()
    assert world.sup_a.language == "es"


def test_menu_switch_names_each_language_in_itself(world, client):
    client.force_login(world.peer_a)
    page = client.get(reverse("peerwork:preferences")).content.decode()
    assert 'action="/language/"' in page and 'aria-label="Language"' in page
    assert 'lang="en"' in page and 'lang="es"' in page
    assert re.search(r'value="es" lang="es"[^>]*aria-pressed="false">Español</button>', page)
    assert re.search(r'value="en" lang="en"[^>]*aria-pressed="true">English</button>', page)
    assert 'name="next" value="/preferences/"' in page
    # Before login too (the login page has the same switch).
    client.logout()
    assert 'lang="es"' in client.get(reverse("login")).content.decode()


def test_profile_page_saves_the_language(world, client):
    client.force_login(world.peer_a)
    page = client.get(reverse("peerwork:preferences")).content.decode()
    assert re.search(r'<label[^>]*for="id_language"[^>]*>\s*Language', page)
    response = client.post(
        reverse("peerwork:preferences"), {"language": "es", "reminder_frequency": "daily"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    world.peer_a.refresh_from_db()
    assert world.peer_a.language == "es"
    response = client.post(
        reverse("peerwork:preferences"), {"language": "fr", "reminder_frequency": "daily"}
    )
    assert response.status_code == 200
    world.peer_a.refresh_from_db()
    assert world.peer_a.language == "es"


def test_an_evaluation_stores_the_language_it_was_filled_in(world, client):
    from evaluations import services
    from evaluations.models import EvaluationKind
    from tests.evaluations.conftest import full_content, signing
    from tests.evaluations.factories import make_version
    from tests.evaluations.pdf_support import flat, page_texts, read_pdf

    version = make_version(categories=1, per_category=2)
    structure = services.load_structure(version)
    evaluation = services.create_evaluation(
        world.peer_a_staff, world.peer_a, version, EvaluationKind.SELF
    )
    assert evaluation.language == ""
    with translation.override("es"):
        services.save_draft(evaluation, full_content(structure), world.peer_a, 1)
    evaluation.refresh_from_db()
    assert evaluation.language == "es"
    # Continued in English, it stays the language it was first filled in.
    services.save_draft(evaluation, full_content(structure), world.peer_a, evaluation.revision)
    evaluation.refresh_from_db()
    assert evaluation.language == "es"

    client.force_login(world.peer_a)
    page = client.get(evaluation.get_absolute_url(), follow=True).content.decode()
    assert re.search(r"Filled in</dt><dd[^>]*lang=\"es\">Español</dd>", page)
    response = client.get(reverse("evaluations:evaluation_pdf", args=[evaluation.pk]))
    pdf_text = flat(" ".join(page_texts(read_pdf(b"".join(response.streaming_content)))))
    assert "Filled in Español" in pdf_text

    # Submitted without a draft save: the language it is submitted in.
    other = services.create_evaluation(
        world.peer_b_staff, world.peer_b, version, EvaluationKind.SELF
    )
    with translation.override("es"):
        services.submit(other, signing(world.peer_b), other.revision)
    other.refresh_from_db()
    assert other.language == "es"
