"""The whole evaluation flow in a real browser, on the shipped WISE form (62 competencies)."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from evaluations import services
from evaluations.models import Evaluation, EvaluationCycle, EvaluationKind
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD

# Signing renders the signed copy's PDF within the request (62 competencies): on a loaded
# machine that takes a while.
SIGNING_TIMEOUT = 90_000


def _level(structure, code):
    return next(level for level in structure.levels if level.code == code)


def _rate(page, competencies, level):
    for competency in competencies:
        page.locator(f"#id_r_{competency.pk}_{level.pk}").check()


def _log_out(page):
    page.context.clear_cookies()


def test_cycle_to_sign_off(world, shipped_frameworks, live_server, new_page):
    version = shipped_frameworks.wise_form
    structure = services.load_structure(version)
    competencies = structure.competencies
    assert len(competencies) == 62
    proficient = _level(structure, "proficient")
    advanced = _level(structure, "advanced")
    developing = _level(structure, "developing")
    first_category = structure.categories[0]

    # HR creates a cycle for Amani and launches it.
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "hr", PASSWORD)
    page.get_by_role("link", name="Evaluation cycles").first.click()
    page.get_by_role("link", name="New cycle").click()
    page.get_by_label("Name").fill("Spring 2026 review")
    page.get_by_label("Period start").fill("2026-01-01")
    page.get_by_label("Period end").fill("2026-06-30")
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    page.get_by_label("Due date").fill(due)
    page.get_by_label("Evaluation form").select_option(label=f"{version.framework.name} (2019.2)")
    page.get_by_label("Staff").select_option(label="Amani Achebe")
    page.get_by_role("button", name="Create cycle").click()
    page.get_by_role("button", name="Launch the cycle").click()
    expect(page.get_by_text("Launched: 2 evaluations created")).to_be_visible()
    expect(page.locator("#cycle-completion")).to_contain_text("0 of 2 evaluations submitted")
    cycle = EvaluationCycle.objects.get(name="Spring 2026 review")

    # The supervisor opens it from the home page and rates part of it.
    sup = new_page(viewport={"width": 1280, "height": 900})
    log_in(sup, live_server, "sup_a2", PASSWORD)
    expect(sup.get_by_role("heading", name="Evaluations needing my attention")).to_be_visible()
    # Amani's name is linked from several panels (supervision too): take the evaluation's link.
    draft = cycle.evaluations.get(kind="supervisor", subject=world.peer_a_staff)
    sup.locator(f'a[href="{draft.get_absolute_url()}"]').first.click()
    expect(sup.get_by_role("heading", level=1)).to_contain_text("Amani Achebe")
    expect(sup.locator("#progress-overall")).to_contain_text("0 of 62 rated")
    sup.get_by_role("link", name="Instructions", exact=True).click()
    expect(sup.get_by_text("Employee performance is excellent")).to_be_visible()
    first_ten = competencies[:10]
    _rate(sup, first_ten, proficient)
    sup.locator(f"#id_r_{competencies[1].pk}_{developing.pk}").check()
    expect(sup.locator("#progress-overall")).to_contain_text("10 of 62 rated")
    expect(sup.locator(f"#category-{first_category.pk} .category-progress")).to_contain_text(
        "5 of 5 rated"
    )
    expect(sup.locator(f"#category-{first_category.pk} .js-comment-required")).to_be_visible()
    sup.get_by_label("Overall strengths").fill("Warm, steady and reliable with people.")
    # Autosave, with the time shown.
    expect(sup.locator("#save-status")).to_contain_text("Saved at")
    # Leaves, comes back: everything is there.
    sup.goto(f"{live_server.url}/")
    sup.locator(f'a[href="{draft.get_absolute_url()}"]').first.click()
    expect(sup.locator("#progress-overall")).to_contain_text("10 of 62 rated")
    expect(sup.locator(f"#id_r_{competencies[1].pk}_{developing.pk}")).to_be_checked()
    expect(sup.locator(f"#id_r_{competencies[9].pk}_{proficient.pk}")).to_be_checked()
    expect(sup.get_by_label("Overall strengths")).to_have_value(
        "Warm, steady and reliable with people."
    )

    # Finishes, signs, and is stopped by the missing comment in category I.
    _rate(sup, competencies[10:], proficient)
    expect(sup.locator("#progress-overall")).to_contain_text("62 of 62 rated")
    sup.get_by_label("Development goal 1").fill("Co-facilitate the Tuesday group.")
    sup.get_by_label("Target date for goal 1").fill("2026-09-30")
    sup.get_by_role("button", name="Add another goal").click()
    sup.get_by_label("Development goal 3").fill("Complete WRAP facilitator training.")
    sup.get_by_label("Type your full name to sign").fill("Bob")
    sup.get_by_label("Your password").fill(PASSWORD)
    sup.get_by_role("button", name="Sign and submit").click(timeout=SIGNING_TIMEOUT)
    expect(sup.get_by_text("does not match the name on your record")).to_be_visible()
    sup.get_by_label("Type your full name to sign").fill("Aiden Azoulay")
    sup.get_by_label("Your password").fill(PASSWORD)
    sup.get_by_role("button", name="Sign and submit").click(timeout=SIGNING_TIMEOUT)
    summary = sup.locator("#error-summary")
    expect(summary).to_contain_text("Not submitted yet")
    expect(summary).to_contain_text("A comment is required in this category")
    summary.get_by_role("link", name=str(first_category)).click()
    section = sup.locator(f"#category-{first_category.pk}")
    expect(section.locator(f"#errors-{first_category.pk}")).to_contain_text("Developing")
    section.get_by_role("textbox").fill("Still building confidence in listening; we set a plan.")
    expect(sup.get_by_label("Type your full name to sign")).to_have_value("Aiden Azoulay")
    # The password is never sent back to the page: typed again to sign.
    expect(sup.get_by_label("Your password")).to_have_value("")
    sup.get_by_label("Your password").fill(PASSWORD)
    sup.get_by_role("button", name="Sign and submit").click(timeout=SIGNING_TIMEOUT)
    expect(sup.get_by_text("Submitted and signed. It is now read-only.")).to_be_visible()
    expect(sup.get_by_text("✔ Signed by Aiden Azoulay on")).to_be_visible()
    expect(sup.locator("#signed-copies")).to_contain_text("Round 1 · Author sign-off")
    expect(sup.locator("#current-signed-copy")).to_contain_text("The PDF is the signed copy")
    expect(sup.get_by_role("button", name="Sign and submit")).to_have_count(0)
    supervisor_eval = Evaluation.objects.get(cycle=cycle, kind=EvaluationKind.SUPERVISOR)
    assert list(supervisor_eval.goals.values_list("text", flat=True)) == [
        "Co-facilitate the Tuesday group.",
        "Complete WRAP facilitator training.",
    ]

    # The staff member: a self-assessment first, then the acknowledgement.
    staff = new_page(viewport={"width": 1280, "height": 900})
    log_in(staff, live_server, "peer_a", PASSWORD)
    staff.get_by_role("link", name="Your self-assessment", exact=True).click()
    _rate(staff, competencies[:20], advanced)
    _rate(staff, competencies[20:], proficient)
    staff.get_by_label("Type your full name to sign").fill("Amani Achebe")
    staff.get_by_label("Your password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign and submit").click(timeout=SIGNING_TIMEOUT)
    expect(staff.get_by_text("Submitted and signed. It is now read-only.")).to_be_visible()
    staff.goto(f"{live_server.url}/")
    staff.get_by_role("link", name="please read and acknowledge it").click()
    expect(staff.get_by_text("It does not mean that you agree with it.")).to_be_visible()
    comments = staff.get_by_label("Your comments (optional)")
    comments.fill("I felt every client was heard; I want more group work.")
    # A language hint while typing: a hint, never a block.
    expect(staff.locator("#hints-id_staff_comments")).to_contain_text("Person Receiving Services")
    staff.get_by_label("Type your full name to sign").fill("Amani Achebe")
    staff.get_by_label("Your password").fill("not my password")
    staff.get_by_role("button", name="Acknowledge and sign").click(timeout=SIGNING_TIMEOUT)
    expect(staff.get_by_text("That is not your password.")).to_be_visible()
    expect(comments).to_have_value("I felt every client was heard; I want more group work.")
    staff.get_by_label("Your password").fill(PASSWORD)
    staff.get_by_role("button", name="Acknowledge and sign").click(timeout=SIGNING_TIMEOUT)
    expect(staff.get_by_text("Acknowledged by Amani Achebe on")).to_be_visible()
    expect(staff.locator("#overall").get_by_text("I want more group work.")).to_be_visible()
    # The acknowledgement is a signed copy of its own, with the comments it signed.
    expect(staff.locator("#signed-copies .ack-comments")).to_contain_text("I want more group work.")

    # The supervisor sees the side-by-side view.
    sup.goto(f"{live_server.url}{supervisor_eval.get_absolute_url()}")
    sup.get_by_role("link", name="Compare self-assessment and supervisor evaluation").click()
    expect(sup.locator("#difference-count")).to_contain_text(
        "The ratings differ on 20 of 62 competencies"
    )
    expect(sup.locator("tbody").get_by_text("≠ Differs")).to_have_count(20)

    # HR sees the cycle complete and reopens the supervisor evaluation with a reason.
    page.goto(f"{live_server.url}{cycle.get_absolute_url()}")
    expect(page.locator("#cycle-completion")).to_contain_text("2 of 2 evaluations submitted (100%)")
    page.goto(f"{live_server.url}{supervisor_eval.get_absolute_url()}")
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("Reason for reopening").fill("Category III ratings belong to last year.")
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_text("Reopened as a draft")).to_be_visible()
    history = page.locator("#history")
    for step in ["Created", "First saved", "Submitted and signed", "Acknowledged and signed"]:
        expect(history).to_contain_text(step)
    expect(history).to_contain_text("Reopened")
    expect(history).to_contain_text("Category III ratings belong to last year.")
    page.goto(f"{live_server.url}{cycle.get_absolute_url()}")
    expect(page.locator("#cycle-completion")).to_contain_text("1 of 2 evaluations submitted")


def test_leaving_with_unsaved_changes_warns(world, shipped_frameworks, live_server, new_page):
    version = shipped_frameworks.wise_form
    evaluation = services.create_evaluation(
        world.peer_a_staff, world.sup_a2, version, EvaluationKind.SUPERVISOR
    )
    page = new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "sup_a2", PASSWORD)
    page.goto(f"{live_server.url}{evaluation.get_absolute_url()}")
    # Autosaves fail (as if offline): the changes stay unsaved, and the page says so.
    page.route(
        "**/evaluations/*/",
        lambda route: (
            route.abort()
            if route.request.method == "POST" and route.request.headers.get("x-requested-with")
            else route.continue_()
        ),
    )
    page.get_by_label("Areas for growth").fill("Written notes on time.")
    expect(page.locator("#save-status")).to_contain_text("Not saved: no connection")
    with page.expect_event("dialog") as dialog_info:
        page.close(run_before_unload=True)
    dialog = dialog_info.value
    assert dialog.type == "beforeunload"
    dialog.dismiss()  # stay on the page: the input is still there
    expect(page.get_by_label("Areas for growth")).to_have_value("Written notes on time.")
