"""Every page fits a 390 px phone: nothing scrolls sideways (tests/pages/walk.py picks them)."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.pages.walk import label, page_visits, url_for

PHONE = {"width": 390, "height": 844}

# How far the document reaches past the viewport's right edge (0 when it fits).
OVERFLOW = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => !el.closest(".table-responsive, .scroll-x"))
    .slice(0, 3)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""));
  return {overflow: doc.scrollWidth - window.innerWidth, wide};
}"""


def _session_cookie(user, live_server):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def test_every_page_fits_a_phone(world, live_server, new_page):
    pages = {}
    problems = []
    visits = page_visits()
    assert len(visits) > 20
    for case, role in visits:
        url = url_for(case, world)
        if role not in pages:
            pages[role] = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
            pages[role].context.add_cookies([_session_cookie(world.users[role], live_server)])
        page = pages[role]
        try:
            response = page.goto(f"{live_server.url}{url}")
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # a PDF, a ZIP, a CSV: not a page
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        result = page.evaluate(OVERFLOW)
        if result["overflow"] > 0:
            problems.append(f"{label(case, role)}: {result['overflow']} px too wide {result['wide']}")
    assert not problems, "\n".join(problems)
