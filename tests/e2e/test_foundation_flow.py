from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_supervisor_opens_a_report_and_logs_out(world, live_server, page):
    log_in(page, live_server, "sup_a", PASSWORD)
    expect(page.get_by_role("heading", name="My reports")).to_be_visible()
    page.get_by_role("link", name="Amani Achebe").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amani Achebe")
    expect(page.get_by_text("Aiden Azoulay").first).to_be_visible()

    # Another team's person is not there for this supervisor: a 404, not a 403.
    response = page.goto(f"{live_server.url}/staff/{world.peer_b_staff.pk}/")
    assert response.status == 404

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Ada Abara").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to PeerWork")).to_be_visible()
    response = page.goto(f"{live_server.url}/staff/")
    assert "/accounts/login/" in page.url


def test_keyboard_user_can_skip_to_content(world, live_server, page):
    log_in(page, live_server, "hr", PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
