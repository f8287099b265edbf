"""Every page of the walk (tests/pages/walk.py) renders in Spanish: the catalog's markup and
placeholders fit the templates, and the page says it is Spanish."""

import json
import re
import subprocess

from tests.pages.test_html_validity import _checker
from tests.pages.walk import rendered_pages


def test_every_page_renders_in_spanish_as_valid_html(world, login, settings, tmp_path):
    # No Accept-Language header: LocaleMiddleware falls back to LANGUAGE_CODE.
    settings.LANGUAGE_CODE = "es"
    checker = _checker()
    names = {}
    for number, page in enumerate(rendered_pages(world, login)):
        assert re.search(r'<html lang="es', page.html), page.name
        if 'id="main"' in page.html:  # pages built on base.html
            assert "Saltar al contenido principal" in page.html, page.name
        path = tmp_path / f"page-{number:03d}.html"
        path.write_text(page.html)
        names[path.name] = page.name
    assert len(names) > 20
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, "\n".join(problems[:80])
