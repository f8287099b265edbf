# ruff: noqa: E501  (the seed's lines are quoted whole)
"""The shipped training catalog against seed 002's "PROFESSIONAL DEVELOPMENT TRAINING MENU",
course by course and field by field.

Each course is quoted from the seed as extracted: its menu row (tab-separated: title, total
instruction time, attendance min/max, target audience, value) and its description (heading,
then text). The test checks that each quotation really is in the seed, then that the loaded
course says the same, with the repairs the fixture lists.

SEED is copied verbatim from seed 002 (lines 1420-1494, from "PROFESSIONAL DEVELOPMENT
TRAINING MENU" to the next heading) into seed_002_training_menu.txt beside this test.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from peerwork.versioning import VersionStatus
from training.models import CatalogVersion, Course

pytestmark = pytest.mark.django_db

SEED = Path(__file__).with_name("seed_002_training_menu.txt")

# (section, code, the menu row as the seed has it, description heading, description)
SEED_COURSES = [
    (
        "WISE Core Curriculum",
        "recovery-101",
        "Recovery 101\t4 hours\tMin 10 / Max 30\tOpen to All Staff (managers/staff not trained together)\t\\$4,000",
        "Recovery 101 (and Recovery 101 Plus)",
        "Key mental health recovery concepts and how to support clients/consumers in achieving and maintaining personal wellness. Recovery 101 Plus includes additional activities just for peers to help illustrate the concepts learned in a peer support context.",
    ),
    (
        "WISE Core Curriculum",
        "peer-support-101",
        "Peer Support 101\t4 hours\tMin 10 / Max 30\tOpen to All Staff (managers/staff not trained together)\t\\$4,000",
        "Peer Support 101 (and Peer Support 101 Plus)",
        "Core competencies for peer workers, and solutions to common workplace challenges in the peer support role. Peer Support 101 Plus includes two additional modules just for peers covering cultural competency and sharing your story with clients and coworkers.",
    ),
    (
        "Peer Support/Staff Trainings",
        "advocacy-101",
        "Advocacy 101\t4 hours\tMin 10 / Max 30\tMH Peers\t\\$4,000",
        "Advocacy 101",
        "This course is an overview of the California laws relevant to advocacy within the public mental health system. The purpose of this course is to deepen your understanding of advocacy tools, processes and models, and help you to understand how to utilize advocacy.",
    ),
    (
        "Peer Support/Staff Trainings",
        "compliance-essentials",
        "Compliance Essentials: HIPAA Basics + Sexual Harassment/ Bullying Prevention\t2 hours\tMin 10 / Max 30\tMH Peers and Line Staff\t\\$2,500",
        "Compliance Essentials: HIPAA Basics + Sexual Harassment/Bullying Prevention",
        "This brief workshop teaches employees and volunteers the fundamental HIPAA requirements, sexual harassment prevention, and workplace bullying prevention through videos and interactive dialogue.",
    ),
    (
        "Peer Support/Staff Trainings",
        "ethics-boundaries-and-confidentiality",
        "Ethics, Boundaries, and Confidentiality\t4 hours\tMin 10 / Max 30\tMH Peers\t\\$4,000",
        "Ethics, Boundaries, and Confidentiality",
        "This interactive workshop covers peer support ethics: conflicts of interest, setting and maintaining appropriate personal boundaries, client confidentiality, and navigating ethical dilemmas.",
    ),
    (
        "Peer Support/Staff Trainings",
        "group-facilitation-101",
        "Group Facilitation 101\t4 hours\tMin 10 / Max 30\tMH Peers\t\\$4,000",
        "Group Facilitation 101",
        "Designed for those with little to no facilitator experience interested in developing a new support group or taking over an existing group. Students will be taught group facilitation basics, given an opportunity to practice, and receive feedback.",
    ),
    (
        "Peer Support/Staff Trainings",
        "managing-up",
        "Managing Up\t6.5 hours\tMin 10 / Max 30\tMH Peers and Line Staff\t\\$5,000",
        "Managing Up",
        "This effective communication training course will help you master communication effectiveness, manage stress and handle fast-changing workplace conditions. You'll develop skills to communicate your work-related needs with supervisors.",
    ),
    (
        "Peer Support/Staff Trainings",
        "peer-support-101-plus",
        "Peer Support 101 Plus\t6.5 hours\tMin 10 / Max 30\tMH Peers\t\\$5,000",
        "Peer Support 101 (and Peer Support 101 Plus)",
        "Core competencies for peer workers, and solutions to common workplace challenges in the peer support role. Peer Support 101 Plus includes two additional modules just for peers covering cultural competency and sharing your story with clients and coworkers.",
    ),
    (
        "Peer Support/Staff Trainings",
        "recovery-101-plus",
        "Recovery 101 Plus\t6.5 hours\tMin 10 / Max 30\tMH Peers\t\\$5,000",
        "Recovery 101 (and Recovery 101 Plus)",
        "Key mental health recovery concepts and how to support clients/consumers in achieving and maintaining personal wellness. Recovery 101 Plus includes additional activities just for peers to help illustrate the concepts learned in a peer support context.",
    ),
    (
        "Peer Support/Staff Trainings",
        "recovery-planning-101",
        "Recovery Planning 101\t6.5 hours\tMin 10 / Max 30\tMH Peers\t\\$5,000",
        "Recovery Planning 101",
        "Attendees will learn important recovery planning concepts including the essential characteristics of recovery-oriented services, the stages of recovery, and practical tools and resources to help clients create their own recovery plans.",
    ),
    (
        "Peer Support/Staff Trainings",
        "self-care-and-stress-management",
        "Self Care & Stress Management\t4 hours\tMin 10 / Max 30\tMH Peers and Line Staff\t\\$4,000",
        "Self-Care and Stress Management",
        "Participants will have an opportunity to learn about and discuss self-care and stress-management strategies that may assist them in maintaining their wellness while at work.",
    ),
    (
        "Peer Support/Staff Trainings",
        "sharing-your-story-skillfully",
        "Sharing Your Story Skillfully\t4 hours\tMin 10 / Max 30\tMH Peers\t\\$4,000",
        "Sharing Your Story Skillfully",
        "Sharing your personal story of recovery is one of the most powerful tools for peers. The following workshop shares some methods for thoughtfully harnessing the power of your story most effectively to inspire, connect, and give hope.",
    ),
    (
        "Peer Support/Staff Trainings",
        "supporting-success",
        "Supporting Success\t4 hours\tMin 10 / Max 30\tMH Peers and Line Staff\t\\$4,000",
        "Supporting Success",
        "This workshop focuses on proven methods of how to build a supportive work environment for your co-workers and yourself.",
    ),
    (
        "Peer Support/Staff Trainings",
        "surviving-and-thriving",
        "Surviving and Thriving\t4 hours\tMin 10 / Max 30\tMH Peers and Line Staff\t\\$4,000",
        "Surviving and Thriving",
        'A workshop focused on the professional "You". This interactive workshop will enable participants to behave professionally on the job, communicate more effectively, function as part of a team, and understand policies and procedures.',
    ),
    (
        "Employer-Specific Trainings",
        "lgbtq-awareness",
        "LGBTQ Awareness\t4.5 hours\tMin 25 / Max 50\tOpen to All Staff\t\\$4,000",
        "LGBTQ Awareness",
        "A fun and highly interactive training that takes a closer look at fundamental LGBTQ cultural competence. The purpose of this training is to give a better understanding, address myths and stereotypes in a safe and comfortable learning environment.",
    ),
    (
        "Employer-Specific Trainings",
        "lgbtq-awareness-plus",
        "LGBTQ Awareness Plus\t6.5 hours\tMin 25 / Max 50\tOpen to All Staff\t\\$5,000",
        "LGBTQ Awareness Plus",
        "Includes the basic LGBTQ Awareness training, plus an additional module designed to meet the needs of the attendees. Topics include: workplace inclusiveness for LGBTQ clients & employees; working with parents of LGBTQ youth; addressing disparities in the PMHS; the needs of LGBTQ older adults; and the needs of LGBTQ youth.",
    ),
    (
        "Employer-Specific Trainings",
        "making-connections",
        "Making Connections\t6 hours\tMin 10 / Max 25\tOrganizational Leadership, Managers, Clinicians, and MH Professionals\t\\$5,000",
        "Making Connections",
        "A detailed overview of the Recovery Model and core competencies of the Mental Health Services Act (MHSA) and how to make connections between the common Medical Model of care and the Recovery Model.",
    ),
    (
        "Employer-Specific Trainings",
        "mindful-workforce-series",
        "Mindful Workforce Series\t12 hours (2 days)\tMin 10 / Max 25\tOrganizational Leadership, Managers, Clinicians, and MH Professionals\t\\$10,000",
        "Mindful Workforce Series",
        "Understanding the psychosocial factors in the workplace and their impact on employee morale, well-being, and retention.",
    ),
    (
        "Employer-Specific Trainings",
        "working-in-recovery-series",
        "Working in Recovery Series: Hiring, Managing, and Retaining the Peer Workforce\t18 hours (3 days)\tMin 10 / Max 25\tOrganizational Leadership, Managers, Clinicians, and Contract Monitors\t\\$14,000",
        "Working in Recovery Series: Hiring, Managing, and Retaining the Peer Workforce",
        "Using the principles of Nonviolent Communication, this course teaches managers to address performance issues proactively and effectively, improve performance, and enhance communication between managers and the peers they oversee.",
    ),
    (
        "Wellness Recovery Action Plan (WRAP®)",
        "wrap-seminar-i",
        "WRAP®, Seminar I\t16 hours (2 full days)\tMin 8 / Max 18\tOpen to All Staff\t\\$10,000",
        "WRAP®, Seminar I: Developing a Wellness Recovery Action Plan®",
        "Participants in this highly interactive 2-day course will develop their own personal Wellness Recovery Action Plan. This course also lays a broad foundation for building a peer workforce. Successful completion of Seminar I fulfills the prerequisites Seminar II.",
    ),
    (
        "Wellness Recovery Action Plan (WRAP®)",
        "wrap-seminar-ii",
        "WRAP®, Seminar II\t40 hours (5 full days)\tMin 8 / Max 18\tOpen to All Staff\t\\$18,000",
        "WRAP®, Seminar II: Facilitator Training",
        "This course is 5 intensive days of workshops that prepares participants to facilitate WRAP® classes and equips them with the skills and materials to facilitate classes in their community and organization. Prerequisite: prior completion of WRAP® Seminar I.",
    ),
]

SECTIONS = [
    "WISE Core Curriculum",
    "Peer Support/Staff Trainings\t\t\t\t",
    "Employer-Specific Trainings\t\t\t\t",
    "Wellness Recovery Action Plan (WRAP®)\t\t\t\t",
]
HEADER = "WISE Core Curriculum\tTotal Instruction Time\tAttendance Min/Max\tTarget Audience\tValue*"
FOOTNOTE = (
    "* Depending on your location and agency, you may qualify for a discounted or a no-cost "
    "training. Training costs quoted above are for the full cost of training including "
    "instructor(s) travel."
)
# Repairs of extraction damage, as the fixture's "repairs" lists them.
TITLE_REPAIRS = {
    "Compliance Essentials: HIPAA Basics + Sexual Harassment/ Bullying Prevention": (
        "Compliance Essentials: HIPAA Basics + Sexual Harassment/Bullying Prevention"
    ),
}


@pytest.fixture
def seed_lines():
    return SEED.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def catalog():
    call_command("load_training_catalog", verbosity=0, stdout=open("/dev/null", "w"))
    return CatalogVersion.objects.get(slug="wise-training-menu", version=1)


def _menu(seed_lines):
    start = seed_lines.index("PROFESSIONAL DEVELOPMENT TRAINING MENU")
    end = seed_lines.index(
        "RECOMMENDED PEER ONBOARDING PROCEDURES (not all may apply to volunteers)"
    )
    return seed_lines[start:end]


def test_the_quotations_are_the_seeds_text(seed_lines):
    menu = _menu(seed_lines)
    for _section, _code, row, heading, description in SEED_COURSES:
        assert row in menu, row
        assert heading in menu, heading
        assert menu[menu.index(heading) + 1] == description, heading
    # Every row of the menu and every description is quoted: nothing left out.
    rows = [line for line in menu if line.count("\t") == 4 and line.split("\t")[1]]
    assert rows[1:] == [row for _s, _c, row, _h, _d in SEED_COURSES]
    assert rows[0] == HEADER
    footnote_at = menu.index(FOOTNOTE)
    headings = menu[footnote_at + 2 :: 2]
    assert [h for h in headings if h] == sorted(
        {h for *_rest, h, _d in SEED_COURSES}, key=headings.index
    )
    # The first section's title heads the table's column row; the others are rows of their own.
    assert HEADER.split("\t")[0] == SECTIONS[0]
    for section in SECTIONS[1:]:
        assert section in menu


def test_catalog_document(catalog, seed_lines):
    assert catalog.status == VersionStatus.PUBLISHED
    assert catalog.title == "WISE Professional Development Training Menu"
    assert catalog.footnote == FOOTNOTE
    assert catalog.columns == HEADER.split("\t")[1:]
    assert catalog.contact == "Schedule a training for your organization: wise@calvoices.org"
    assert [s.title for s in catalog.sections.all()] == [s.strip() for s in SECTIONS]
    assert any("backslash" in repair for repair in catalog.repairs)
    assert any("Harassment/ Bullying" in repair for repair in catalog.repairs)
    assert "default" in catalog.competency_mapping


@pytest.mark.parametrize(
    "section,code,row,heading,description", SEED_COURSES, ids=[c[1] for c in SEED_COURSES]
)
def test_course_matches_the_seed(catalog, section, code, row, heading, description):
    title, time, attendance, audience, value = row.split("\t")
    course = Course.objects.select_related("section").get(catalog=catalog, code=code)
    assert course.section.title == section
    assert course.title == TITLE_REPAIRS.get(title, title)
    assert course.instruction_time == time
    assert course.hours == Decimal(time.split(" ")[0])
    low, high = attendance.removeprefix("Min ").split(" / Max ")
    assert (course.attendance_min, course.attendance_max) == (int(low), int(high))
    assert course.target_audience == audience
    assert value.startswith("\\$") and course.value == value.removeprefix("\\")
    assert course.description_heading == heading
    assert course.description == description
    assert course.is_active and course.agency_id is None


def test_courses_are_in_the_seeds_order(catalog):
    codes = list(
        Course.objects.filter(catalog=catalog)
        .order_by("section__order", "order")
        .values_list("code", flat=True)
    )
    assert codes == [c[1] for c in SEED_COURSES]
    assert len(codes) == 21


def test_one_description_covers_a_course_and_its_plus(catalog):
    by_code = {c.code: c for c in Course.objects.filter(catalog=catalog)}
    for base in ("recovery-101", "peer-support-101"):
        plain, plus = by_code[base], by_code[f"{base}-plus"]
        assert plain.description == plus.description
        assert plain.description_heading == f"{plain.title} (and {plus.title})"
        assert plain.section.title == "WISE Core Curriculum"
        assert plus.section.title == "Peer Support/Staff Trainings"


def test_competency_mapping_is_marked_as_the_product_default(catalog):
    ethics = Course.objects.get(catalog=catalog, code="ethics-boundaries-and-confidentiality")
    links = list(ethics.competencies.all())
    assert [link.numeral for link in links] == ["IX", "XII"]
    assert all(link.is_product_default for link in links)
