"""The collaborative work plan's text against the seed, word for word and in order.

The seed's lines 1592-1680 (002, "CREATING A COLLABORATIVE WORK PLAN" to the end of section
VIII) are quoted unchanged in seed_002_collaborative_work_plan.txt beside this test.
"""

from pathlib import Path

from supervision import wise_form

SEED = Path(__file__).parent / "seed_002_collaborative_work_plan.txt"


def _seed_lines():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("CREATING A COLLABORATIVE WORK PLAN")
    return [line for line in lines[start:] if line.strip()]


def test_the_seed_is_where_we_expect_it():
    lines = _seed_lines()
    assert lines[0] == wise_form.TITLE
    assert lines[1] == f"{wise_form.BASICS_HEADING}\tYES\tNO"


def test_the_14_basics_statements_are_the_seed_s():
    lines = _seed_lines()
    rows = lines[2:16]
    assert [row.split("\t")[0] for row in rows] == wise_form.BASICS_STATEMENTS
    assert len(wise_form.BASICS_STATEMENTS) == 14
    # The row after the 14th is the form's title: nothing was left out.
    assert lines[16] == wise_form.FORM_TITLE
    assert "\t<input" in rows[-1]


def test_the_form_header_is_the_seed_s():
    lines = _seed_lines()
    labels = wise_form.HEADER_LABELS
    assert lines[17] == f"{labels['employee']} _____ **{labels['manager']}** _____"
    assert lines[18] == f"{labels['start']} _____"
    assert lines[19] == f"{labels['end']} _____"


def _expected_lines(section):
    """Every line of the seed a section stands for, in order."""
    heading = f"{section['numeral']}. {section['title']}"
    yield f"{heading} {section['guidance']}" if section["guidance"] else heading
    blocks = section["blocks"]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        kind = block["kind"]
        if kind == "list":
            yield from (f"- {item}" for item in block["items"])
        elif kind == "answer" and block["field"] == "background":
            # The printed paragraph ends with the toolkit's instruction to tailor it.
            yield f"{wise_form.BACKGROUND_DEFAULT} {blocks[index + 1]['text']}"
            index += 1
        elif kind == "lead":
            yield f"{block['text']} {blocks[index + 1]['text']}."
            index += 1
        elif kind == "meeting":
            yield f"{wise_form.MEETING_LABELS['day']} _____"
            yield f"{wise_form.MEETING_LABELS['time']} _____"
        elif kind in ("text", "guidance", "heading") or (kind == "answer" and block["text"]):
            yield block["text"]
        index += 1


def test_sections_i_to_viii_headings_and_questions_are_the_seed_s():
    lines = _seed_lines()
    assert [s["numeral"] for s in wise_form.SECTIONS] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
    ]
    expected = [line for section in wise_form.SECTIONS for line in _expected_lines(section)]
    # The seed from section I to the end, exactly these lines in this order.
    first = lines.index("I. Overview")
    assert lines[first:] == expected


def test_questions_to_the_employee_are_the_employee_s_to_answer():
    for section in wise_form.SECTIONS:
        for block in section["blocks"]:
            if block["kind"] == "answer" and block["text"].startswith("[EMPLOYEE]"):
                assert block["who"] == wise_form.EMPLOYEE
    assert set(wise_form.EMPLOYEE_FIELDS) == {
        "going_on",
        "practical_needs",
        "process_needs",
        "person_needs",
        "what_else",
        "contribution",
        "plan_working",
        "neglected",
        "communication",
    }


def test_fill_leaves_nothing_bracketed():
    text = wise_form.fill(
        "[NAME], you were hired by [AGENCY] on or around [DATE]; [UNKNOWN].",
        {"NAME": "Amani", "AGENCY": "Harbor", "DATE": "March 2, 2025"},
    )
    assert text == "Amani, you were hired by Harbor on or around March 2, 2025; ____."
