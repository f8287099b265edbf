"""Language hints on a comment written in Spanish, while typing, in a real browser
(static/js/language-hints.js with the Spanish terms of the shipped language guide)."""

from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import EvaluationKind
from tests.e2e.conftest import log_in
from tests.evaluations.pdf_support import make_filled_evaluation
from tests.factories import PASSWORD


def test_spanish_comment_gets_spanish_hints_while_typing(
    world, shipped_frameworks, live_server, page
):
    evaluation, _chosen = make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        shipped_frameworks.wise_form,
        kind=EvaluationKind.SELF,
        comments=False,
    )
    category = shipped_frameworks.wise_form.categories.order_by("order").first()
    log_in(page, live_server, "peer_a", PASSWORD)
    page.goto(live_server.url + reverse("evaluations:evaluation_detail", args=[evaluation.pk]))
    box = page.locator(f"#id_c_{category.pk}")
    hints = page.locator(f"#hints-id_c_{category.pk}")
    box.fill("Mi compañera sufre de depresión y lo hablamos con respeto.")
    expect(hints).to_contain_text("sufre de")
    expect(hints).to_contain_text("Vive con")
    # A word that only begins like a term is not one; accents count as letters.
    box.fill("Su sufrimiento es real; en todo caso, sea paciente.")
    expect(hints).to_have_text("")
    box.fill("Ella es ADICTA y el análisis salió sucio.")
    expect(hints).to_contain_text("ADICTA")
    expect(hints).to_contain_text("salió sucio")
    expect(hints).to_contain_text("Resultado positivo en la prueba")
