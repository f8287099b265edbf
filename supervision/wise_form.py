"""The WISE toolkit's "Creating a Collaborative Work Plan", transcribed exactly (seed 002,
line ~1592): the 14 "Development plan: the basics" statements and the form's sections I-VIII.

The form is text the product ships, not something an agency edits: it is kept here, in one
place, and tests compare it with the seed word for word. Its pieces:

- ``text``: printed as is, after the placeholders ([NAME], [AGENCY] ...) are filled in;
- ``guidance``: the toolkit's bracketed instructions in capitals, shown while writing and
  never printed;
- ``answer``: a question (printed) and the plan field that answers it, with who writes it:
  the employee answers the questions addressed to "[EMPLOYEE]" in their own words;
- ``heading``: a sub-heading inside a section (printed).

Its items in other languages are in ``wise_form_translations.json`` beside this module, keyed
by each item's English text (the file's ``translations_note`` says they are unofficial; the
English text is the text of record). `text_in` gives an item in the active language, or the
English when that item has no translation. The translations keep the placeholders' English
tokens ([NAME], [AGENCY] ...), so `fill` fills them in as it does the English.
"""

import json
import re
from pathlib import Path

from django.utils.functional import lazy

from peerwork.translations import ENGLISH, base_language

BASICS_HEADING = "DEVELOPMENT PLAN: THE BASICS"
BASICS_STATEMENTS = [
    "Employee is making satisfactory overall progress in his/her position.",
    "Employee understands his/her role within the organization.",
    "Employee understands his/her job description and responsibilities.",
    "Employee understands how to perform his/her tasks and job duties.",
    "Employee has access to the necessary information, resources, materials, and equipment "
    "to adequately perform his/her job duties.",
    "Employee understands the expectations and standards of performance applicable to his/her "
    "position.",
    "Employee understands how work is assigned and duties are delegated.",
    "Employee understands how information is shared and how to have his/her questions answered.",
    "Employee understands how people work together on his/her team, who to rely upon, and who "
    "is relying upon him/her.",
    "Employee understands how his/her work is monitored and evaluated.",
    "Employee understands the timeframes and deadlines applicable to his/her position and is "
    "given adequate time to complete tasks and assignments.",
    "Employee knows who to turn to for guidance and support.",
    "Employee knows how to address problems if they arise.",
    "Employee understands the organization's purpose, mission, and values.",
]

TITLE = "CREATING A COLLABORATIVE WORK PLAN"
FORM_TITLE = "COLLABORATIVE WORK PLAN"
HEADER_LABELS = {
    "employee": "Employee",
    "manager": "Manager",
    "start": "Plan Start Date",
    "end": "Plan End Date",
}

MANAGER = "manager"
EMPLOYEE = "employee"

# Section II's first paragraph as printed; the manager may tailor it (the toolkit says so).
BACKGROUND_DEFAULT = (
    "[NAME], you were hired by [AGENCY] on or around [DATE], as a [POSITION]. In this role, you "
    "are required to [PRIMARY DUTIES]. In addition, you are expected to model recovery and "
    "provide guidance and mentorship to the clients we serve. Over the past [LENGTH OF TIME], "
    "you have demonstrated personal growth, organizational achievement, and have shown "
    "tremendous value in your role. You have been loyal to clients' interests and to our "
    "program's vision and goals. You are sincerely committed to [AGENCY]'s mission, hold team "
    "members in high regard, and care deeply for the clients we serve. You regularly go over "
    "and above your duties to better serve clients and in helping them to meet their recovery "
    "goals. You have demonstrated a passion for ongoing learning and personal development. We "
    "appreciate your talents and abilities and are fortunate to count you as an employee of our "
    "organization."
)


def _text(value):
    return {"kind": "text", "text": value}


def _guidance(value):
    return {"kind": "guidance", "text": value}


def _heading(value):
    return {"kind": "heading", "text": value}


def _answer(field, question, who):
    return {"kind": "answer", "field": field, "text": question, "who": who}


SECTIONS = [
    {
        "numeral": "I",
        "title": "Overview",
        "guidance": "",
        "blocks": [
            _text(
                "The purpose of this Collaborative Work Plan is to address both your current work "
                "performance and adherence to organizational rules and policies, and to jointly "
                "identify areas in which you may need additional support."
            ),
            _text("To this end, we will collaborate in examining each of the following:"),
            {
                "kind": "list",
                "items": [
                    "Identifying performance issues",
                    "Clarifying [AGENCY]'s expectations",
                    "Exploring your workplace needs and areas in which support is necessary",
                    "Exploring your own contribution to your success at work",
                    "Exploring prevention of future issues",
                    "Scheduling of subsequent meetings to monitor progress and offer additional "
                    "support",
                    "Setting duration of plan period and conditions for expiration",
                ],
            },
        ],
    },
    {
        "numeral": "II",
        "title": "Background Information",
        "guidance": "[CUSTOMIZE AS APPROPRIATE]",
        "blocks": [
            _answer("background", "", MANAGER),
            _guidance(
                "[FEEL FREE TO TAILOR THIS PARAGRAPH AND TO LIST OTHER SPECIFIC "
                "ACHIEVEMENTS/TALENTS HERE.]"
            ),
            {"kind": "lead", "text": "Recently,", "field": "recently", "who": MANAGER},
            _guidance(
                "[DESCRIBE WHAT YOU HAVE NOTICED – OBSERVABLE BEHAVIORS, JUST THE FACTS. BE VERY "
                "OBJECTIVE AND NON-JUDGMENTAL IN DESCRIBING THE PERFORMANCE OR BEHAVIORAL "
                "PROBLEMS]"
            ),
        ],
    },
    {
        "numeral": "III",
        "title": "Identification of Performance Issues",
        "guidance": "",
        "blocks": [
            _answer(
                "going_on",
                "[EMPLOYEE], what is going on for you? What do we need to know?",
                EMPLOYEE,
            ),
        ],
    },
    {
        "numeral": "IV",
        "title": "Your Needs (pp. 13-15)",
        "guidance": "",
        "blocks": [
            _text("[EMPLOYEE], what do you personally need to be successful at work?"),
            _answer("practical_needs", "Practical Needs", EMPLOYEE),
            _answer("process_needs", "Process Needs", EMPLOYEE),
            _answer("person_needs", "Person Needs", EMPLOYEE),
            _answer(
                "what_else",
                "And what else? (In particular, what are the barriers to your success? What do "
                "you need to feel more empowered? What do you need to build better relationships "
                "with your coworkers?)",
                EMPLOYEE,
            ),
        ],
    },
    {
        "numeral": "V",
        "title": "Your Contribution (pp. 16-17)",
        "guidance": "",
        "blocks": [
            _answer(
                "contribution",
                "[EMPLOYEE], what will you personally do to contribute to your own success at "
                "work?",
                EMPLOYEE,
            ),
        ],
    },
    {
        "numeral": "VI",
        "title": "Prevention of Future Issues (pp. 17-18)",
        "guidance": "",
        "blocks": [
            _heading("Immediate Steps"),
            _guidance(
                "[DESCRIBE IMMEDIATE CHANGES THAT MUST TAKE PLACE NOW – WHAT YOU ARE IMPOSING. "
                "THEN ALLOW ROOM FOR THE EMPLOYEE TO MAKE HIS/HER OWN IMMEDIATE COMMITMENTS. LIST "
                "ALL FOLLOW UP/ACTION ITEMS FOR BOTH YOU AND THE EMPLOYEE HERE.]"
            ),
            _answer("immediate_steps", "", MANAGER),
            {"kind": "steps"},
            _answer(
                "plan_working", "[EMPLOYEE], how will we know if this Plan is working?", EMPLOYEE
            ),
            _answer(
                "neglected",
                "[EMPLOYEE], what will we do if either of us realizes we neglected to include "
                "something in this Plan?",
                EMPLOYEE,
            ),
            _answer(
                "communication",
                "[EMPLOYEE], exactly how would you like us to communicate to you if we notice a "
                "change in your behavior or performance that needs to be addressed? What words "
                "would you prefer us to use, and how would you like us to initiate the "
                "conversation with you?",
                EMPLOYEE,
            ),
        ],
    },
    {
        "numeral": "VII",
        "title": "Subsequent Meetings",
        "guidance": "",
        "blocks": [
            _text(
                "[EMPLOYEE], we will meet once every [TIME PERIOD] for [NUMBER] minutes to discuss "
                "this Plan, other barriers to your success, and any new issues that may arise."
            ),
            {"kind": "meeting"},
        ],
    },
    {
        "numeral": "VIII",
        "title": "Plan Expiration",
        "guidance": "",
        "blocks": [
            _text(
                "This Plan is scheduled to expire on [EXPIRATION DATE]. Nevertheless, we may "
                "extend this Plan if you experience new challenges or require additional support "
                "beyond [EXPIRATION DATE]."
            ),
        ],
    },
]

MEETING_LABELS = {"day": "Day:", "time": "Time:"}

EMPLOYEE_FIELDS = [
    block["field"]
    for section in SECTIONS
    for block in section["blocks"]
    if block.get("who") == EMPLOYEE
]
MANAGER_FIELDS = [
    block["field"]
    for section in SECTIONS
    for block in section["blocks"]
    if block.get("who") == MANAGER
]

PLACEHOLDER_RE = re.compile(r"\[([A-Z][A-Z /'-]*)\]")


def fill(text, values):
    """Replace [NAME], [AGENCY] ... with `values` (keys without brackets). A placeholder with
    no value yet stays visible as "____", so nothing bracketed is ever printed."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1)) or "____", text)


TRANSLATIONS = json.loads(
    (Path(__file__).with_name("wise_form_translations.json")).read_text(encoding="utf-8")
)["translations"]


def text_in(english, language=None):
    """The form's item `english` in `language` (default: the active one), falling back to the
    English item by item."""
    language = base_language(language)
    if language == ENGLISH:
        return english
    return TRANSLATIONS.get(language, {}).get(english) or english


# For labels fixed when a module loads (form fields): looked up in the language of the request.
text_lazy = lazy(text_in, str)


def labels_in(labels, language=None):
    """A dict of labels (`HEADER_LABELS`, `MEETING_LABELS`) in `language`."""
    return {key: text_in(value, language) for key, value in labels.items()}


def topics_in(numbers, language=None):
    """The basics statements numbered `numbers` (a plan's topics, 1-14), in `language`."""
    return [
        text_in(BASICS_STATEMENTS[n - 1], language)
        for n in numbers
        if 0 < n <= len(BASICS_STATEMENTS)
    ]
