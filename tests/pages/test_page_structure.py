"""What every page's HTML says about itself, on one page per URL pattern (tests/pages/walk.py):

- pages that show different things have different titles (a browser tab, a bookmark, a screen
  reader's first words tell them apart);
- every form field has a name (a field without one is never sent);
- every group of radio buttons sits in a fieldset whose first child is its legend (the group's
  accessible name: without it a screen reader reads only "Strongly agree"), or, in a grid of
  questions by answers, each radio is named by its question and its answer (aria-labelledby);
- every <time> names its moment in a form a machine reads.

The page walk is slow (every page of every app), so one test walks it once and reports every
check's findings together; each check is also tried on a small page that breaks it.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser

from tests.pages.walk import Page, rendered_pages

# Pages that may share a title, each with why: a set of URL patterns whose pages show the same
# thing; a set of one pattern whose pages of different objects do.
SAME_TITLE = {
    # A person's own training page is their staff training page (the same view, reached from
    # the menu); both are "Training: <name>".
    frozenset({"training:my_training", "training:staff_training"}),
    # A round's answer sheet is reached through each person's own invitation (its path carries
    # the invitation) and nobody opens another's: to each person it is the one page of that
    # round to answer, "Your answers: <round>".
    frozenset({"assessments:respond"}),
    # Another agency's cycle, and its export, have the same name as this agency's in the test
    # data. Names are unique within an agency (unique_cycle_name_per_agency; an export is named
    # by what it exports and when it was asked for), and only an admin sees two agencies.
    frozenset({"evaluations:export_start"}),
    frozenset({"evaluations:export_detail"}),
}

FIELDS = {"input", "select", "textarea"}
# Controls whose value is not a field of the form (a plain push button has no value to send).
NOT_SENT = {"button", "submit", "reset", "image"}
VALID_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # a date
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?"  # and a time, with its zone
    r"|\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"  # a time alone
)


class _Reader(HTMLParser):
    """Collects what the checks need; HTML's void elements do not nest."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = None  # the document's: an SVG's <title> names a drawing, not the page
        self._in_title = False
        self._svg_depth = 0
        self.unnamed = []  # descriptions of fields without a name
        self.times = []  # (datetime attribute or None, text)
        self._time = None
        self.fieldsets = []  # [first element child's tag, has radios]
        self._open_fieldsets = []
        self.loose_radios = []  # names of radios outside any fieldset that name no question

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._open_fieldsets and self._open_fieldsets[-1][0] is None:
            self._open_fieldsets[-1][0] = tag
        if tag == "svg":
            self._svg_depth += 1
        elif tag == "title" and self.title is None and not self._svg_depth:
            self._in_title, self.title = True, ""
        elif tag == "time":
            self._time = [attrs.get("datetime"), ""]
        elif tag == "fieldset":
            self._open_fieldsets.append([None, False])
        if tag in FIELDS and attrs.get("type", "text") not in NOT_SENT:
            if not (attrs.get("name") or "").strip():
                self.unnamed.append(
                    f"<{tag} id={attrs.get('id')!r} type={attrs.get('type')!r} "
                    f"name={attrs.get('name')!r}>"
                )
        if tag == "input" and attrs.get("type") == "radio":
            if self._open_fieldsets:
                self._open_fieldsets[-1][1] = True
            elif len((attrs.get("aria-labelledby") or "").split()) < 2:
                self.loose_radios.append(attrs.get("name"))

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg_depth -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "time" and self._time:
            self.times.append(tuple(self._time))
            self._time = None
        elif tag == "fieldset" and self._open_fieldsets:
            fieldset = self._open_fieldsets.pop()
            self.fieldsets.append(fieldset)
            if fieldset[1] and self._open_fieldsets:  # radios count for the enclosing ones too
                self._open_fieldsets[-1][1] = True

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._time:
            self._time[1] += data


def read(html):
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def field_problems(reader):
    return [f"a field without a name: {field}" for field in reader.unnamed]


def radio_problems(reader):
    problems = [
        f"a radio group without a fieldset: {name!r}" for name in sorted(set(reader.loose_radios))
    ]
    problems += [
        f"radios in a fieldset whose first child is <{first}>, not its <legend>"
        for first, has_radios in reader.fieldsets
        if has_radios and first != "legend"
    ]
    return problems


def time_problems(reader):
    return [
        f"<time> without a valid datetime: {value!r} ({text.strip()!r})"
        for value, text in reader.times
        if not VALID_DATETIME.fullmatch((value if value is not None else text).strip())
    ]


def title_problems(pages):
    """Pages that show different things (Page.shows) sharing one title."""
    by_title = defaultdict(list)
    for page in pages:
        by_title[page.title].append(page)
    problems = []
    for title, group in by_title.items():
        if not title or not title.strip():
            problems += [f"{page.name}: no title" for page in group]
            continue
        shown = {page.shows for page in group}
        if len(shown) > 1 and frozenset(page.url_name for page in group) not in SAME_TITLE:
            names = ", ".join(page.name for page in group)
            problems.append(f"{title!r} is the title of different pages: {names}")
    return problems


class _Titled(Page):
    @property
    def title(self):
        return re.sub(r"\s+", " ", read(self.html).title or "").strip()


def test_every_page_names_itself_and_its_fields(world, login):
    pages = []
    problems = []
    for page in rendered_pages(world, login):
        pages.append(_Titled(*page))
        reader = read(page.html)
        problems += [
            f"{page.name}: {problem}"
            for problem in field_problems(reader) + radio_problems(reader) + time_problems(reader)
        ]
    assert len(pages) > 100
    problems += title_problems(pages)
    assert not problems, "\n".join(problems)


# --- each check sees what it is for ----------------------------------------------------------


def _page(body, title="Page · PeerWork", url_name="app:page", shows=None):
    return _Titled(
        "a page", url_name, (url_name, shows), f"<title>{title}</title><main>{body}</main>"
    )


def test_title_check_sees_two_pages_sharing_a_title():
    drawing = _page("<svg><title>A chart</title></svg>", title="Supervision · PeerWork")
    assert drawing.title == "Supervision · PeerWork"
    one = _page("", title="Collaborative work plan · PeerWork", shows="plan 1")
    other = _page("", title="Collaborative work plan · PeerWork", shows="plan 2")
    assert title_problems([one, other])
    edit = _page("", title="Collaborative work plan · PeerWork", url_name="app:edit")
    assert title_problems([_page("", title=edit.title), edit])
    # The same page twice (another role, another query string) may keep its title.
    assert not title_problems([one, one._replace(name="as someone else")])
    assert title_problems([_page("", title=" ")])


def test_field_check_sees_a_field_without_a_name():
    problems = field_problems(
        read('<input type="text" id="a"><input type="text" name=""><select></select>')
    )
    assert len(problems) == 3
    assert not field_problems(read('<input type="submit"><button>Go</button><input name="q">'))


def test_radio_check_sees_a_legend_that_is_not_first():
    wrapped = '<fieldset><div><legend>Q1</legend><input type="radio" name="q1"></div></fieldset>'
    assert radio_problems(read(wrapped))
    assert radio_problems(read('<input type="radio" name="q1">'))
    assert radio_problems(read('<input type="radio" name="q1" aria-labelledby="yes">'))
    grid = '<th id="q1">Q1</th><td><input type="radio" name="q1" aria-labelledby="q1 yes"></td>'
    assert not radio_problems(read(grid))
    good = '<fieldset><legend>Q1</legend><div><input type="radio" name="q1"></div></fieldset>'
    assert not radio_problems(read(good))
    # A fieldset without radios (a group of text fields) is not a radio group.
    assert not radio_problems(read('<fieldset><div><input name="a"></div></fieldset>'))


def test_time_check_sees_a_time_a_machine_cannot_read():
    assert time_problems(read('<time datetime="Dec. 1, 2026">Dec. 1, 2026</time>'))
    assert time_problems(read("<time>yesterday</time>"))
    for value in ("2026-12-01", "2026-12-01T15:22:27-0800", "2026-12-01T15:22Z", "09:30"):
        assert not time_problems(read(f'<time datetime="{value}">then</time>')), value
