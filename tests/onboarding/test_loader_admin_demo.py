import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from onboarding import fixtures_io
from onboarding.models import ChecklistTemplate, OnboardingPlan
from peerwork import demo
from peerwork.versioning import VersionStatus
from tests.onboarding.factories import add_plans, make_plan

pytestmark = pytest.mark.django_db

SHIPPED = fixtures_io.FIXTURE_DIR / "wise-peer-onboarding--2.json"


def _load(*args):
    out = io.StringIO()
    call_command("load_onboarding_templates", *args, stdout=out)
    return out.getvalue()


def test_loading_is_idempotent_and_load_shipped_data_calls_it():
    assert "created" in _load()
    assert "unchanged" in _load()
    call_command("load_shipped_data", stdout=io.StringIO())
    template = ChecklistTemplate.objects.get()
    assert template.items.count() == 25
    assert sum(i.details.count() for i in template.items.all()) == 56
    assert template.checkin_questions.count() == 14


def test_an_in_use_version_is_never_changed_by_a_new_file(tmp_path, world):
    _load()
    template = ChecklistTemplate.objects.get()
    make_plan(template, agency=world.agency, program=world.program, started_by=world.hr)
    data = json.loads(SHIPPED.read_text())
    data["items"][0]["text"] = "Something else"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="used by onboarding plans"):
        _load(str(changed))
    assert template.items.first().text.startswith("Review core competencies for peers")
    data["version"] = "3"
    changed.write_text(json.dumps(data))
    _load(str(changed))
    assert ChecklistTemplate.objects.get(version=3).status == VersionStatus.PUBLISHED
    template.refresh_from_db()
    assert template.status == VersionStatus.RETIRED


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "cannot read JSON"),
        ('{"format": "other"}', "format must be"),
        (
            json.dumps(
                {
                    "format": "peerwork.onboarding/1",
                    "slug": "x",
                    "name": "X",
                    "version": "1",
                    "items": [{"phase": "someday"}],
                }
            ),
            "unknown phase",
        ),
        (
            json.dumps(
                {
                    "format": "peerwork.onboarding/1",
                    "slug": "x",
                    "name": "X",
                    "version": "one",
                    "items": [],
                }
            ),
            "whole number",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        _load(str(path))
    assert not ChecklistTemplate.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        _load(str(tmp_path / "nope.json"))


def test_admin_refuses_to_edit_an_in_use_version_and_offers_a_new_one(world, login):
    add_plans(world)
    client = login(world.admin)
    url = reverse("admin:onboarding_checklisttemplate_change", args=[world.template.pk])
    page = client.get(url).content.decode()
    assert "cannot change" in page and "Make a new version" in page
    response = client.post(url, {"name": "Edited"})
    assert response.status_code == 403
    world.template.refresh_from_db()
    assert world.template.name == "Test onboarding"
    response = client.post(
        reverse("admin:onboarding_checklisttemplate_new_draft", args=[world.template.pk])
    )
    draft = ChecklistTemplate.objects.get(version=2)
    assert response.status_code == 302 and str(draft.pk) in response["Location"]
    assert draft.status == VersionStatus.DRAFT and draft.items.count() == 7
    # The draft is editable, items inline.
    draft_url = reverse("admin:onboarding_checklisttemplate_change", args=[draft.pk])
    page = client.get(draft_url).content.decode()
    assert "cannot change" not in page and 'name="items-0-text"' in page


def test_demo_plans_are_idempotent_and_cover_phases(db):
    call_command("load_demo", stdout=io.StringIO())
    plans = OnboardingPlan.objects.all()
    assert plans.count() == 4
    assert plans.filter(hire__isnull=True).count() == 1
    assert plans.filter(employment_type="volunteer").count() == 1
    agency = plans.first().agency
    for extend in demo.extensions:
        extend(agency)
    assert OnboardingPlan.objects.count() == 4


def test_home_panels_for_hr_supervisor_and_hire(world, login):
    add_plans(world)
    hr_home = login(world.hr).get("/").content.decode()
    assert "Open the onboarding dashboard" in hr_home
    assert "3 active plans" in hr_home  # plan_other is another agency's
    sup_home = login(world.sup_a2).get("/").content.decode()
    assert "See my onboarding tasks and check-ins" in sup_home
    hire_home = login(world.peer_a).get("/").content.decode()
    assert "What is next and who to ask" in hire_home
    assert "Open the onboarding dashboard" not in hire_home
