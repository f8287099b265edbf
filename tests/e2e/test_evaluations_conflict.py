"""Two people editing the same draft: the second save is refused, nobody's input is lost."""

from playwright.sync_api import expect

from evaluations import services
from evaluations.models import Evaluation, EvaluationKind
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def _level(structure, code):
    return next(level for level in structure.levels if level.code == code)


def _open(new_page, live_server, username, evaluation, **kwargs):
    page = new_page(viewport={"width": 1280, "height": 900}, **kwargs)
    log_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    return page


def test_second_save_gets_the_conflict_and_both_inputs_survive(
    world, shipped_frameworks, live_server, new_page
):
    version = shipped_frameworks.wise_form
    structure = services.load_structure(version)
    first, second = structure.competencies[0], structure.competencies[1]
    advanced, developing = _level(structure, "advanced"), _level(structure, "developing")
    evaluation = services.create_evaluation(
        world.peer_a_staff, world.sup_a2, version, EvaluationKind.SUPERVISOR
    )
    # Aiden (the author) and Ada (the supervisor above him) both open the draft. Ada's
    # browser has JavaScript off: the plain form must be enough.
    aiden = _open(new_page, live_server, "sup_a2", evaluation)
    ada = _open(new_page, live_server, "sup_a", evaluation, java_script_enabled=False)

    aiden.locator(f"#id_r_{first.pk}_{advanced.pk}").check()
    aiden.get_by_label("Overall strengths").fill("Aiden: builds trust quickly.")
    aiden.get_by_role("button", name="Save draft").first.click()
    expect(aiden.get_by_text("Draft saved at")).to_be_visible()

    ada.locator(f"#id_r_{first.pk}_{developing.pk}").check()
    ada.locator(f"#id_r_{second.pk}_{advanced.pk}").check()
    ada.get_by_label("Overall strengths").fill("Ada: a natural group facilitator.")
    ada.get_by_role("button", name="Save draft").first.click()

    conflict = ada.locator("#conflict")
    expect(conflict).to_contain_text("Aiden Azoulay saved this evaluation at")
    expect(conflict).to_contain_text("nothing has been overwritten")
    row = conflict.get_by_role("row").filter(has_text=first.statement)
    expect(row).to_contain_text("Developing")  # hers
    expect(row).to_contain_text("Advanced")  # saved by Aiden
    strengths = conflict.get_by_role("row").filter(has_text="Overall strengths")
    expect(strengths).to_contain_text("Ada: a natural group facilitator.")
    expect(strengths).to_contain_text("Aiden: builds trust quickly.")
    # Her input is still in the form.
    expect(ada.locator(f"#id_r_{first.pk}_{developing.pk}")).to_be_checked()
    expect(ada.locator(f"#id_r_{second.pk}_{advanced.pk}")).to_be_checked()
    expect(ada.get_by_label("Overall strengths")).to_have_value("Ada: a natural group facilitator.")
    # Nothing of hers was written over Aiden's work.
    saved = Evaluation.objects.get(pk=evaluation.pk)
    assert saved.strengths == "Aiden: builds trust quickly."
    assert saved.ratings.get().level == advanced

    # Aiden's work is what a fresh load shows.
    aiden.reload()
    expect(aiden.locator(f"#id_r_{first.pk}_{advanced.pk}")).to_be_checked()

    # Having seen the differences, Ada saves again on purpose: now it is accepted.
    ada.get_by_role("button", name="Save draft").first.click()
    expect(ada.get_by_text("Draft saved at")).to_be_visible()
    saved.refresh_from_db()
    assert saved.strengths == "Ada: a natural group facilitator."


def test_an_autosave_conflict_stops_autosaving_and_says_why(
    world, shipped_frameworks, live_server, new_page
):
    version = shipped_frameworks.wise_form
    structure = services.load_structure(version)
    first = structure.competencies[0]
    evaluation = services.create_evaluation(
        world.peer_a_staff, world.sup_a2, version, EvaluationKind.SUPERVISOR
    )
    tab_one = _open(new_page, live_server, "sup_a2", evaluation)
    tab_two = _open(new_page, live_server, "sup_a2", evaluation)

    tab_one.get_by_label("Areas for growth").fill("From the first tab.")
    expect(tab_one.locator("#save-status")).to_contain_text("Saved at")

    tab_two.locator(f"#id_r_{first.pk}_{_level(structure, 'proficient').pk}").check()
    problem = tab_two.locator("#autosave-problem")
    expect(problem).to_contain_text("saved this evaluation at")
    expect(problem).to_contain_text("Areas for growth")
    expect(tab_two.locator("#save-status")).to_have_text("Not saved")
    # The explicit save shows the full comparison with the second tab's input kept.
    tab_two.get_by_role("button", name="Save draft").first.click()
    expect(tab_two.locator("#conflict")).to_contain_text("From the first tab.")
    expect(
        tab_two.locator(f"#id_r_{first.pk}_{_level(structure, 'proficient').pk}")
    ).to_be_checked()
    assert Evaluation.objects.get(pk=evaluation.pk).areas_for_growth == "From the first tab."
