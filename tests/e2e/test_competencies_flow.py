import json

from playwright.sync_api import expect

from competencies.models import FrameworkVersion
from tests.competencies.factories import put_in_use, small_document
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_peer_browses_frameworks_searches_and_reads_the_language_guide(
    world, shipped_frameworks, live_server, page
):
    log_in(page, live_server, "peer_a", PASSWORD)
    page.get_by_role("link", name="Frameworks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Competency frameworks")
    samhsa = page.get_by_role("region", name="Core Competencies for Peer Workers in Behavioral")
    samhsa.get_by_role("link", name="Version 2015").click()
    expect(
        page.get_by_role("heading", name="Category XII: Promotes growth and development")
    ).to_be_visible()
    expect(
        page.get_by_text("Seeks opportunities to increase knowledge and skills of peer support")
    ).to_be_visible()
    expect(page.locator("#rating-scale")).to_contain_text("Not Enough Information")

    page.get_by_role("link", name="Frameworks", exact=True).first.click()
    page.get_by_role("link", name="Search statements").click()
    search = page.get_by_label("Search competency statements")
    search.fill("conveys hope")
    search.press("Enter")
    expect(page.get_by_role("status")).to_have_text("2 statements match “conveys hope”.")
    page.get_by_role("link", name="Sample Peer Employee Performance Evaluation (2019.2)").click()
    expect(page).to_have_url(
        f"{live_server.url}/frameworks/wise-peer-performance-evaluation/2019.2/#category-2"
    )

    page.get_by_role("link", name="Language guide").click()
    row = page.get_by_role("row", name="Case, Patient, Client, Consumer")
    expect(row).to_contain_text("Person Receiving Services")


def test_admin_makes_a_new_draft_of_a_version_in_use_edits_and_publishes_it(
    world, shipped_frameworks, live_server, page
):
    wpf = shipped_frameworks.wpf
    put_in_use(wpf, world.agency)
    old_statement = wpf.categories.get().competencies.get(number="1").statement
    log_in(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/admin/competencies/frameworkversion/{wpf.pk}/change/")
    expect(page.get_by_text("can no longer change")).to_be_visible()
    page.get_by_role("button", name="New draft version from this one").click()
    expect(page.get_by_text("edit it, then publish it")).to_be_visible()
    draft = FrameworkVersion.objects.get(framework=wpf.framework, status="draft")

    page.get_by_role("link", name="6 competencies: edit").click()
    statement = page.locator("#id_competencies-0-statement")
    statement.fill("Community-defined wording, revised")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    page.goto(f"{live_server.url}/admin/competencies/frameworkversion/")
    page.get_by_role("row", name=draft.label).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 version published.")).to_be_visible()

    page.goto(f"{live_server.url}/frameworks/wpf-core-competencies/{draft.label}/")
    expect(page.get_by_text("Community-defined wording, revised")).to_be_visible()
    page.goto(f"{live_server.url}/frameworks/wpf-core-competencies/2023/")
    expect(page.locator(".competency-list li").first).to_contain_text(old_statement)


def test_admin_upload_of_a_bad_file_lists_every_problem(world, live_server, page, tmp_path):
    document = small_document()
    document["version"]["rating_scale"] = "no-such-scale"
    document["version"]["categories"][0]["competencies"][1]["number"] = "1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    log_in(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/admin/competencies/frameworkversion/")
    page.get_by_role("link", name="Upload a fixture file").click()
    page.get_by_label("Fixture file (.json)").set_input_files(str(path))
    page.get_by_role("button", name="Check and load").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved. The file has 2 problems:")
    expect(alert).to_contain_text("the number “1” is used twice in this category")
    expect(alert).to_contain_text("the rating scale “no-such-scale” is unknown")
    assert FrameworkVersion.objects.count() == 0
