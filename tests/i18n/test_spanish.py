"""The compiled catalogs are the ones Django loads: a browser asking for Spanish gets it, in the
page and in the JavaScript catalog the scripts read."""

from django.urls import reverse


def test_login_page_in_spanish(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html
    assert "Iniciar sesión en PeerWork" in html
    assert "Log in to PeerWork" not in html


def test_javascript_catalog_in_spanish(client):
    url = reverse("peerwork:javascript_catalog")
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Guardando\\u2026" in spanish or "Guardando…" in spanish
    assert "de %(limit)s caracteres" in spanish
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Guardando" not in english
