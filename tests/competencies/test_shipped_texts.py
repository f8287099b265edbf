"""The shipped frameworks say exactly what the seeds say.

The literals below were copied from the seed (../shared/seeds/002_852b756f30ecd37c.txt: the
SAMHSA list from line 2055, the WISE form from line 1704), not from the fixture files.
"""

import pytest

from competencies import services

# (numeral, category title, number, statement): the last competency of each SAMHSA category.
SAMHSA_SAMPLES = [
    ("I", "Engages peers in collaborative and caring relationships", "5",
     "Demonstrates understanding of peers' experiences and feelings"),
    ("II", "Provides support", "5",
     "Provides concrete assistance to help peers accomplish tasks and goals"),
    ("III", "Shares lived experiences of recovery", "4",
     "Describes personal recovery practices and helps peers discover recovery practices that "
     "work for them"),
    ("IV", "Personalizes peer support", "4",
     "Tailors services and support to meet the preferences and unique needs of peers and "
     "their families"),
    ("V", "Supports recovery planning", "5",
     "Researches and identifies credible information and options from various resources"),
    ("VI", "Links to resources, services, and supports", "5",
     "Participates in community activities with peers when requested"),
    ("VII", "Provides information about skills related to health, wellness, and recovery", "6",
     "Uses approaches that match the preferences and needs of peers"),
    ("VIII", "Helps peers to manage crises", "5",
     "Assists peers in developing advance directives and other crisis prevention tools"),
    ("IX", "Values communication", "6",
     "Follows laws and rules concerning confidentiality and respects others' rights for "
     "privacy"),
    ("X", "Supports collaboration and teamwork", "6",
     "Strives to resolve conflicts in relationships with peers and others in their support "
     "network"),
    ("XI", "Promotes leadership and advocacy", "7",
     "Maintains a positive reputation in peer/professional communities"),
    ("XII", "Promotes growth and development", "4",
     "Seeks opportunities to increase knowledge and skills of peer support"),
]  # fmt: skip

# (numeral, title, first statement, last statement) of each WISE form category.
WISE_FORM_SAMPLES = [
    ("I", "Engages Clients in Collaborative and Caring Relationships",
     "Initiates contact with clients",
     "Demonstrates understanding of clients' experiences and feelings"),
    ("II", "Provides Support", "Validates clients' experiences and feelings",
     "Provides concrete assistance to help clients accomplish tasks and goals"),
    ("III", "Shares Lived Experiences of Recovery, Wellness, Self-Care",
     "Relates their own recovery or self-care stories, and with permission, the stories of "
     "others to inspire hope",
     "Describes personal recovery or self-care practices and helps clients discover recovery "
     "and self-care practices that work for them"),
    ("IV", "Personalizes Peer Support",
     "Understands his/her own personal values and culture and how these may contribute to "
     "biases, judgments and beliefs",
     "Tailors services and support to meet the preferences and unique needs of client and "
     "their families"),
    ("V", "Supports Recovery, Wellness, Self-Care Planning",
     "Assists and supports clients to set goals and to dream of future possibilities",
     "Researches and identifies credible information and options from various resources"),
    ("VI", "Links to Resources, Services, and Supports",
     "Develops and maintains up-to-date information and knowledge about community resources "
     "and services",
     "Participates in community activities with clients when requested"),
    ("VII", "Provides Information About Skills Related to Health, Wellness, Resilience, and "
     "Recovery",
     "Educates clients about health, wellness, recovery, self-care, and recovery supports",
     "Uses approaches that match the preferences and needs of clients"),
    ("VIII", "Helps Clients Manage Crisis",
     "Recognizes signs of distress and threats to safety among clients and in their "
     "environments",
     "Assists clients in developing advance directives and other crisis prevention tools "
     "(e.g., WRAP)"),
    ("IX", "Values Communication",
     "Uses respectful, person-centered, recovery-oriented language in written and verbal "
     "interactions with clients, coworkers, community members, and others",
     "Follows laws and rules concerning confidentiality and respects others' privacy rights"),
    ("X", "Supports Collaboration and Teamwork",
     "Works together with colleagues to enhance the provision of services and supports",
     "Strives to resolve conflicts in relationships between clients and people in their "
     "support networks"),
    ("XI", "Promotes Leadership and Advocacy",
     "Uses knowledge of relevant rights and laws (ADA, HIPAA, Olmstead, etc.) to ensure "
     "clients' rights are respected",
     "Maintains a positive reputation in client and professional communities"),
    ("XII", "Promotes Growth and Development",
     "Recognizes the limits of their knowledge and seeks assistance from others when needed",
     "Seeks opportunities to increase professional knowledge and peer support skills"),
]  # fmt: skip


def _categories(version):
    return {c.numeral: c for c in services.version_with_items(version).categories.all()}


@pytest.mark.django_db
def test_samhsa_texts_match_the_seed_in_every_category(shipped_frameworks):
    categories = _categories(shipped_frameworks.samhsa)
    assert list(categories) == [s[0] for s in SAMHSA_SAMPLES]
    for numeral, title, number, statement in SAMHSA_SAMPLES:
        category = categories[numeral]
        assert category.title == title
        last = list(category.competencies.all())[-1]
        assert (last.number, last.statement) == (number, statement)
    first = list(categories["I"].competencies.all())[0]
    assert (first.number, first.statement) == ("1", "Initiates contact with peers")


@pytest.mark.django_db
def test_wise_form_texts_match_the_seed_in_every_category(shipped_frameworks):
    categories = _categories(shipped_frameworks.wise_form)
    assert list(categories) == [s[0] for s in WISE_FORM_SAMPLES]
    for numeral, title, first, last in WISE_FORM_SAMPLES:
        category = categories[numeral]
        items = list(category.competencies.all())
        assert category.title == title
        assert items[0].statement == first
        assert items[-1].statement == last
        assert [i.number for i in items] == [str(n) for n in range(1, len(items) + 1)]
    assert categories["I"].description == (
        "This category of competencies emphasizes peer workers' ability to initiate and develop "
        "ongoing relationships with program clients. These competencies include interpersonal "
        "skills, knowledge about wellness, resilience, and recovery from behavioral health "
        "conditions and attitudes consistent with a recovery orientation."
    )


@pytest.mark.django_db
def test_wise_form_defines_clients_under_definitions_not_instructions(shipped_frameworks):
    form = shipped_frameworks.wise_form
    # Seed 002 line 1688 (the stray "\\ " repaired), alone under INSTRUCTIONS.
    assert form.instructions == (
        "For each competency listed below, select the rating that best matches your evaluation "
        "of the employee's current level of skill or performance."
    )
    # Seed 002 line 1692, the first paragraph under DEFINITIONS.
    assert form.definitions == [
        {
            "term": "Client(s)",
            "definition": 'As used in this evaluation, "client(s)" refers to the specific '
            "individuals or target population the peer employee works with. Depending on the "
            'program, "client(s)" may be synonymous with consumer, family member, parent, '
            "caregiver, youth, or older adult.",
        }
    ]
    assert any("line 1692" in r and "DEFINITIONS" in r for r in form.repairs)


@pytest.mark.django_db
def test_wise_form_category_xii_description_is_completed_from_the_samhsa_section(
    shipped_frameworks,
):
    form = services.version_with_items(shipped_frameworks.wise_form)
    xii = list(form.categories.all())[-1]
    # Seed 002 line 1861 stops at "increase peer workers’"; line 2172 (SAMHSA) completes it.
    assert xii.description == (
        "These competencies describe how peer workers become more reflective and competent in "
        "their practice. The competencies recommend specific actions that may serve to increase "
        "peer workers’ success and satisfaction in their current roles and contribute to career "
        "advancement."
    )
    assert any("Category XII" in r and "line 2172" in r for r in form.repairs)


@pytest.mark.django_db
def test_wise_form_has_its_own_wording_for_a_self_assessment(shipped_frameworks):
    form = shipped_frameworks.wise_form
    assert "your own view of your current level" in form.instructions_for_self
    assert "evaluation of the employee" not in form.instructions_for_self
    assert form.product_text and "self_assessment_instructions" in form.product_text[0]


@pytest.mark.django_db
def test_employer_statements_stand_alone_without_list_punctuation(shipped_frameworks):
    from competencies.models import Competency

    statements = list(
        Competency.objects.filter(
            category__version__framework__slug="wise-employer-competencies"
        ).values_list("statement", flat=True)
    )
    assert len(statements) == 11
    # Seed 002 lines 96 and 98 print "...procedures; and" and "...environment."
    assert "Flexible workplace policies and procedures" in statements
    assert "An open learning environment" in statements
    assert not [s for s in statements if s.endswith((";", "; and", "."))]


@pytest.mark.django_db
def test_employer_competency_1_try_this_qualities_ship_under_a_lead_in(shipped_frameworks):
    from competencies.models import Competency

    first = Competency.objects.get(
        category__version__framework__slug="wise-employer-competencies", number="1"
    )
    assert first.prompts[0] == (
        "Is leadership informed about the history of the consumer movement and new developments?"
    )
    # Seed 002 lines 156-161, as printed, under the product lead-in.
    assert first.prompts[1].split("\n") == [
        "Which of these describe your organization's work culture?",
        "- Uses a language of hope and possibility",
        "- Offers a variety of options for treatment, rehabilitation, and support",
        "- Helps people develop valued social roles, interests, and hobbies",
        "- Actively involves service users, family members, and other natural supports in the "
        "development and implementation of programs and services",
        "- Encourages user participation in advocacy activities",
        "- Builds buy-in and facilitates connections amongst groups representing various "
        "interests",
    ]
    assert all(p.endswith("?") for p in first.prompts[2:])


@pytest.mark.django_db
def test_wise_scale_has_five_levels_with_comment_rules_as_data(shipped_frameworks):
    levels = list(
        services.version_with_items(shipped_frameworks.wise_form).rating_scale.levels.all()
    )
    assert [
        (lvl.label, lvl.counts_as_score, lvl.score, lvl.requires_comment, lvl.rarely_used)
        for lvl in levels
    ] == [
        ("Advanced", True, 3, False, False),
        ("Proficient", True, 2, False, False),
        ("Developing", True, 1, True, False),
        ("Not Enough Information", False, None, True, True),
        ("Not Applicable", False, None, False, True),
    ]
    assert levels[0].definition.startswith("Employee performance is excellent and completely")
    assert levels[2].definition == (
        "Employee shows potential, but does not yet meet performance targets. Employee may be "
        "new to the job or task and still learning. Employee requires frequent guidance, "
        "instruction, and/or direction in performing job duties related to this competency. "
        "Note: comments are required when you select this skill level."
    )
    assert levels[4].definition.endswith(
        "This option is appropriate only if the competency is completely unrelated to the "
        "employee's position."
    )
    # SAMHSA is rated on the same scale, the WISE form's.
    assert shipped_frameworks.samhsa.rating_scale_id == shipped_frameworks.wise_form.rating_scale_id


@pytest.mark.django_db
def test_other_shipped_frameworks_have_their_items(shipped_frameworks):
    employer = _categories(shipped_frameworks.wise_employer)
    (category,) = employer.values()
    items = list(category.competencies.all())
    assert len(items) == 11
    assert shipped_frameworks.wise_employer.framework.subject == "organization"
    assert all(item.prompts for item in items if item.number != "8")  # chapter 8 has no box
    wpf = list(_categories(shipped_frameworks.wpf)[""].competencies.all())
    assert len(wpf) == 6
