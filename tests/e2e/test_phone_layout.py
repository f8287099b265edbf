"""Every page fits a 390 px phone: nothing scrolls sideways (tests/pages/walk.py picks them).

Each page is rendered by the test client (so every case has the test world to itself) and
shown in Chromium at phone size on the live server's origin, with the real CSS and scripts.
"""

import re

from tests.pages.walk import rendered_pages

PHONE = {"width": 390, "height": 844}

# A page that refreshes itself (a running export) would navigate away while the next page is
# being shown; the layout is what is measured here, so the refresh is taken out.
REFRESH = re.compile(r"<meta http-equiv=\"refresh\"[^>]*>")

# How far the document reaches past the viewport's right edge (0 when it fits), and the first
# elements that stick out (outside boxes that scroll on their own).
# The phone's width is passed in: a mobile browser widens its layout viewport to fit content
# that is too wide, so window.innerWidth is no measure.
OVERFLOW = """(width) => {
  const doc = document.documentElement;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .filter((el) => !el.closest(".table-responsive, .scroll-x"))
    .slice(0, 3)
    .map(name);
  return {overflow: doc.scrollWidth - width, wide};
}"""


def test_every_page_fits_a_phone(world, login, live_server, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")  # relative CSS and script URLs load from here
    problems = []
    count = 0
    for name, html in rendered_pages(world, login):
        page.set_content(REFRESH.sub("", html), wait_until="load")
        result = page.evaluate(OVERFLOW, PHONE["width"])
        count += 1
        if result["overflow"] > 0:
            problems.append(f"{name}: {result['overflow']} px too wide, {result['wide']}")
    assert count > 20
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_page_that_is_too_wide(live_server, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")
    # A line that cannot wrap (no inline style: the page's Content-Security-Policy refuses it).
    page.set_content(
        '<!doctype html><meta name="viewport" content="width=device-width">'
        f'<pre id="wide">{"x" * 200}</pre>'
    )
    result = page.evaluate(OVERFLOW, PHONE["width"])
    assert result["overflow"] > 0
