"""Headers: a Content-Security-Policy without inline script or style on every page (the
authorization matrix checks each response has it), `Cache-Control: private, no-store` on
every page a logged-in person gets, and templates that need no inline code at all."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
# Rendered by WeasyPrint into PDFs or sent as email, never served to a browser as a page.
NOT_PAGES = ("/pdf/", "/email/")

INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"href\s*=\s*[\"']javascript:", re.I)


def _templates():
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    for folder in folders:
        for path in folder.rglob("*.html"):
            if not any(part in path.as_posix() for part in NOT_PAGES):
                yield path


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    for path in _templates():
        text = path.read_text()
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("<style> element", STYLE_ELEMENT),
            ("on...= handler", HANDLER_ATTRIBUTE),
            ("javascript: link", JAVASCRIPT_URL),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/x.js"></script>')
    assert STYLE_ATTRIBUTE.search('<div class="a" style="width: 3%">')
    assert HANDLER_ATTRIBUTE.search('<button onclick="print()">')


def test_the_policy_allows_no_inline_code():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name in ("script-src", "style-src", "default-src"):
        assert directives[name] == ["'self'"]
    assert "'unsafe-inline'" not in str(directives)


@pytest.mark.django_db
def test_pages_of_a_logged_in_person_are_never_cached_and_the_login_page_has_the_policy(
    world, login
):
    response = login(None).get(reverse("login"))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    client = login(world.peer_a)
    for url in (reverse("peerwork:home"), world.peer_a_staff.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "style-src 'self'" in response["Content-Security-Policy"]


def test_a_nul_in_the_query_string_never_reaches_a_page(world, login):
    from django.urls import reverse

    client = login(world.hr)
    response = client.get(reverse("peerwork:staff_list") + "?q=a%00b&program=%00")
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
