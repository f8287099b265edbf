"""Populations served: the WISE toolkit's Lived Experience Requirements table (seed 002)."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from peerwork.models import Population
from tests.onboarding.factories import add_plans

FIXTURE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "workforce"
    / "lived-experience-requirements.json"
)

# Copied from the seed (002, lines 632-638): population served, then the quoted requirement.
SEED_TABLE = [
    (
        "Adult Mental Health Clients/Consumers (18+)",
        "“Must have personal lived experience of recovery from a mental health challenge.”",
    ),
    (
        "Family Members of Adult Consumers (18+)",
        "“Must have personal lived experience as a close family member or caretaker providing "
        "direct support to an adult with a mental health challenge.”",
    ),
    (
        "Parents/Caregivers of Children & Youth (≤ 17)",
        "“Must have personal lived experience as a parent or primary caregiver providing direct "
        "support to a child or youth with an emotional, mental, or behavioral health challenge.”",
    ),
    (
        "Transition Age Youth (16-24)",
        "“Must be between the ages of 18-(24) and have personal lived experience of resiliency "
        "or recovery from a mental health challenge.”",
    ),
]


def test_fixture_is_the_seed_table_as_printed():
    rows = [
        (row["name"], row["lived_experience_required"])
        for row in json.loads(FIXTURE.read_text())["populations"]
    ]
    assert rows == SEED_TABLE


@pytest.mark.django_db
def test_loader_is_idempotent_and_restores_edited_text():
    call_command("load_populations", stdout=open("/dev/null", "w"))
    Population.objects.filter(code="transition-age-youth").update(name="edited")
    call_command("load_populations", stdout=open("/dev/null", "w"))
    assert list(Population.objects.values_list("name", "lived_experience_required")) == (SEED_TABLE)
    assert Population.objects.count() == 4


@pytest.mark.django_db
def test_loader_refuses_a_bad_file_with_a_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "peerwork.populations/1", "populations": [{"code": "x"}]}')
    with pytest.raises(CommandError, match='"name" must be non-empty text'):
        call_command("load_populations", str(bad))
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="bad.json"):
        call_command("load_populations", str(bad))
    assert Population.objects.count() == 4


def test_program_page_shows_population_and_requirement(client, world):
    client.force_login(world.hr)
    response = client.get(reverse("peerwork:program_list"))
    assert "Adult Mental Health Clients/Consumers (18+)" in response.text
    assert "Lived experience required:" in response.text
    assert "lived experience of recovery from a mental health challenge." in response.text


def test_peer_plan_shows_the_lived_experience_requirement(client, world):
    add_plans(world)
    client.force_login(world.hr)
    url = reverse("onboarding:plan_detail", args=[world.plan_a.pk])
    response = client.get(url)
    assert "Lived experience required" in response.text
    assert "recovery from a mental health challenge" in response.text
    world.plan_a.peer_role = "non_peer"
    world.plan_a.save(update_fields=["peer_role"])
    assert "Lived experience required" not in client.get(url).text
