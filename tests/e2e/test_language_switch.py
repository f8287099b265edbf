"""The language switch in the menu: keyboard-reachable, and what the person typed and had not
saved is still there after the page comes back in the other language."""

from playwright.sync_api import expect

from peerwork.models import User
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_switching_language_keeps_unsaved_input(world, live_server, page):
    log_in(page, live_server, "hr", PASSWORD)
    page.goto(f"{live_server.url}/staff/add/")
    page.get_by_label("Full name").fill("Rowan Ellis")
    page.get_by_label("Pronouns").fill("they/them")
    page.get_by_label("Peer or non-peer role").select_option("peer")
    page.get_by_label("Supervisor").select_option(label="Aiden Azoulay")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # By keyboard: focus the switch's Spanish button, press Enter.
    switch = page.get_by_role("group", name="Language")
    spanish = switch.get_by_role("button", name="Español")
    expect(spanish).to_have_attribute("lang", "es")
    expect(switch.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    spanish.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/staff/add/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agregar una persona")
    expect(page.get_by_label("Nombre completo")).to_have_value("Rowan Ellis")

    # The typed text is back, in the fields it was typed in.
    assert page.locator("#id_full_name").input_value() == "Rowan Ellis"
    assert page.locator("#id_pronouns").input_value() == "they/them"
    assert page.locator("#id_peer_role").input_value() == "peer"
    assert page.locator("#id_supervisor").input_value() == str(world.sup_a2_staff.pk)
    # Logged in: the choice is the person's language from now on.
    assert User.objects.get(pk=world.hr.pk).language == "es"

    # Reloading again does not bring back input that was already restored once.
    page.locator("#id_full_name").fill("")
    page.reload()
    assert page.locator("#id_full_name").input_value() == ""


def test_switch_before_login_keeps_the_username(db, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("hr")
    page.get_by_role("button", name="Español").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Nombre de usuario")).to_have_value("hr")
    # The password is never stored by the switch.
    assert page.evaluate("window.sessionStorage.length") == 0
