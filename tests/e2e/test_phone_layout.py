"""Every page fits a 390 px phone: nothing scrolls sideways (tests/pages/walk.py picks them),
and a table stacked into rows on a phone keeps each cell's meaning: every cell shows its
column header.

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


# Every shown cell of a table stacked on a phone (.table-stack): the label it shows before its
# content (the ::before text, without its alternative text), beside its column's header.
STACKED_CELLS = """() => {
  const cells = [];
  for (const table of document.querySelectorAll("table.table-stack")) {
    const headers = [];
    for (const th of table.tHead ? table.tHead.rows[0].cells : []) {
      for (let n = 0; n < th.colSpan; n++) headers.push(th.textContent.trim());
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const header = headers[column] ?? "";
          column += cell.colSpan;
          if (getComputedStyle(cell).display === "none") continue;
          const content = getComputedStyle(cell, "::before").content;
          const shown = /^"((?:[^"\\\\]|\\\\.)*)"/.exec(content);
          cells.push({
            label: shown ? shown[1].replace(/:\\s*$/, "").trim() : "",
            header,
            text: cell.textContent.trim().slice(0, 40),
          });
        }
      }
    }
  }
  return cells;
}"""


def unlabelled(cells):
    return [cell for cell in cells if not cell["label"] or cell["label"] != cell["header"]]


def test_every_page_fits_a_phone(world, login, live_server, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")  # relative CSS and script URLs load from here
    problems = []
    count = stacked = 0
    for visited in rendered_pages(world, login):
        page.set_content(REFRESH.sub("", visited.html), wait_until="load")
        result = page.evaluate(OVERFLOW, PHONE["width"])
        count += 1
        if result["overflow"] > 0:
            problems.append(f"{visited.name}: {result['overflow']} px too wide, {result['wide']}")
        cells = page.evaluate(STACKED_CELLS)
        stacked += len(cells)
        problems += [
            f"{visited.name}: a stacked cell labelled {cell['label']!r} under the header "
            f"{cell['header']!r}: {cell['text']!r}"
            for cell in unlabelled(cells)
        ]
    assert count > 20
    assert stacked > 20  # the onboarding plans and the credentials dashboard were seen
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


def test_the_check_sees_a_stacked_cell_without_its_header(live_server, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")  # the real CSS
    head = page.evaluate("document.head.innerHTML")
    page.set_content(
        f"<!doctype html><html><head>{head}</head><body><table class='table table-stack'>"
        "<thead><tr><th>Task</th><th>Due</th><th>Who</th></tr></thead><tbody><tr>"
        "<td data-label='Task'>Welcome</td><td>May 4</td><td data-label='Status'>HR</td>"
        "</tr></tbody></table></body></html>",
        wait_until="load",
    )
    cells = page.evaluate(STACKED_CELLS)
    assert [cell["label"] for cell in cells] == ["Task", "", "Status"]
    assert [cell["text"] for cell in unlabelled(cells)] == ["May 4", "HR"]
