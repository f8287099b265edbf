import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Evaluation, EvaluationCycle, EvaluationStatus, EventAction
from tests.evaluations.conftest import full_content, level, submitted
from tests.evaluations.factories import make_language_guide
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _url(evaluation):
    return reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def _post_data(structure, evaluation, ratings=None, comments=None, **extra):
    data = {"revision": str(evaluation.revision), "goal_slots": "2", "action": "save"}
    for competency_id, level_id in (ratings or {}).items():
        data[f"r_{competency_id}"] = str(level_id)
    for category_id, text in (comments or {}).items():
        data[f"c_{category_id}"] = text
    data.update(extra)
    return data


def _checked(html, name):
    """The value of the checked radio `name` in rendered HTML."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_the_form_shows_header_sections_and_progress(world, evals, login):
    structure = evals.structure
    services.save_draft(
        evals.sup_a,
        services.Content(
            ratings={structure.competencies[0].pk: level(structure, "advanced").pk}, comments={}
        ),
        world.sup_a2,
        1,
    )
    response = login(world.sup_a2).get(_url(evals.sup_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Amani Achebe" in html and "Adult Peer Support" in html and "Aiden Azoulay" in html
    assert "Instructions and rating definitions" in html
    assert re.search(r'<span class="js-rated">1</span> of 6 rated', html)
    for category in structure.categories:
        assert f'id="category-{category.pk}"' in html
    assert html.count("<fieldset") == 6 and html.count("<legend") == 6
    assert "Last saved" in html


def test_save_draft_keeps_everything_and_comes_back(world, evals, login):
    structure = evals.structure
    client = login(world.sup_a2)
    first, second = structure.competencies[0], structure.competencies[3]
    data = _post_data(
        structure,
        evals.sup_a,
        ratings={first.pk: level(structure, "developing").pk},
        comments={structure.categories[0].pk: "Still learning to start conversations."},
        strengths="Warm and steady.",
        goal_0_text="Co-lead a group",
        goal_0_date="2026-10-01",
    )
    response = client.post(_url(evals.sup_a), data)
    assert response.status_code == 302
    html = client.get(_url(evals.sup_a)).content.decode()
    assert _checked(html, f"r_{first.pk}") == str(level(structure, "developing").pk)
    assert _checked(html, f"r_{second.pk}") is None
    assert "Still learning to start conversations." in html
    assert "Warm and steady." in html
    assert "Co-lead a group" in html and 'value="2026-10-01"' in html
    assert "Draft saved at" in html
    assert ".." not in html.split("Draft saved at", 1)[1].split("<", 1)[0]


def test_autosave_answers_in_json_with_the_new_revision(world, evals, login):
    client = login(world.sup_a2)
    response = client.post(
        _url(evals.sup_a),
        _post_data(evals.structure, evals.sup_a, strengths="Autosaved words"),
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "saved" and body["revision"] == 2
    assert body["message"].startswith("Saved at")
    assert Evaluation.objects.get(pk=evals.sup_a.pk).strengths == "Autosaved words"


def test_bad_input_keeps_every_value_and_saves_nothing(world, evals, login):
    structure = evals.structure
    first = structure.competencies[0]
    data = _post_data(
        structure,
        evals.sup_a,
        ratings={first.pk: level(structure, "advanced").pk},
        strengths="Keep me",
        goal_0_text="A goal",
        goal_0_date="2026-02-31",
    )
    response = login(world.sup_a2).post(_url(evals.sup_a), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Keep me" in html and "A goal" in html
    assert _checked(html, f"r_{first.pk}") == str(level(structure, "advanced").pk)
    assert Evaluation.objects.get(pk=evals.sup_a.pk).revision == 1


def test_a_level_from_another_scale_is_refused(world, evals, login):
    from tests.evaluations.factories import make_scale

    foreign = make_scale().levels.first()
    first = evals.structure.competencies[0]
    response = login(world.sup_a2).post(
        _url(evals.sup_a), _post_data(evals.structure, evals.sup_a, ratings={first.pk: foreign.pk})
    )
    assert response.status_code == 400
    assert not evals.sup_a.ratings.exists()


def test_a_stale_save_shows_what_changed_and_keeps_the_input(world, evals, login):
    structure = evals.structure
    first = structure.competencies[0]
    # Aiden saves in one tab ...
    services.save_draft(
        evals.sup_a,
        services.Content(ratings={first.pk: level(structure, "advanced").pk}, comments={}),
        world.sup_a2,
        1,
    )
    # ... while Ada's form was loaded at revision 1.
    stale = Evaluation.objects.get(pk=evals.sup_a.pk)
    stale.revision = 1
    data = _post_data(
        structure,
        stale,
        ratings={first.pk: level(structure, "developing").pk},
        comments={structure.categories[0].pk: "Ada's comment"},
    )
    client = login(world.sup_a)
    response = client.post(_url(evals.sup_a), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this evaluation" in html
    assert "Aiden Azoulay saved this evaluation at" in html
    # Her input is still in the form, and the table shows both values.
    assert _checked(html, f"r_{first.pk}") == str(level(structure, "developing").pk)
    assert "Ada&#x27;s comment" in html or "Ada's comment" in html
    row = re.search(r"Competency 1\.1</a></th><td>(.*?)</td><td>(.*?)</td>", html)
    assert row.groups() == ("Developing", "Advanced")
    # Nothing of hers was written.
    saved = Evaluation.objects.get(pk=evals.sup_a.pk)
    assert saved.revision == 2
    assert saved.ratings.get().level.code == "advanced"
    # The re-rendered form carries the current revision: saving again is her decision.
    assert 'name="revision" value="2"' in html
    data["revision"] = "2"
    assert client.post(_url(evals.sup_a), data).status_code == 302
    assert Evaluation.objects.get(pk=evals.sup_a.pk).ratings.get().level.code == "developing"


def test_a_stale_autosave_gets_a_conflict_in_json(world, evals, login):
    services.save_draft(evals.sup_a, full_content(evals.structure), world.sup_a2, 1)
    response = login(world.sup_a).post(
        _url(evals.sup_a),
        {"revision": "1", "goal_slots": "0", "strengths": "mine"},
        headers={"x-requested-with": "fetch"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "conflict"
    assert any(change["label"] == "Overall strengths" for change in body["changes"])


def test_submit_is_stopped_by_a_missing_comment_then_succeeds(world, evals, login):
    structure = evals.structure
    client = login(world.sup_a2)
    ratings = {c.pk: level(structure, "proficient").pk for c in structure.competencies}
    needing = structure.categories[1]
    ratings[needing.competency_list[0].pk] = level(structure, "developing").pk
    data = _post_data(
        structure, evals.sup_a, ratings=ratings, sign_name="aiden  azoulay", sign_password=PASSWORD
    )
    data["action"] = "submit"
    response = client.post(_url(evals.sup_a), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not submitted yet" in html
    assert f'href="#category-{needing.pk}"' in html
    assert f'id="errors-{needing.pk}"' in html
    assert "A comment is required in this category" in html
    evaluation = Evaluation.objects.get(pk=evals.sup_a.pk)
    # Nothing lost: the input was saved as a draft meanwhile.
    assert evaluation.status == EvaluationStatus.DRAFT
    assert evaluation.ratings.count() == len(structure.competencies)

    data["revision"] = str(evaluation.revision)
    data[f"c_{needing.pk}"] = "We set a plan together."
    response = client.post(_url(evals.sup_a), data)
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert evaluation.author_signature == "aiden azoulay"
    html = client.get(_url(evals.sup_a)).content.decode()
    assert "Signed by aiden azoulay" in html
    assert "Sign and submit" not in html  # read-only now


def test_submit_without_signature_is_stopped(world, evals, login):
    data = _post_data(evals.structure, evals.sup_a)
    data.update(
        {
            f"r_{c.pk}": str(level(evals.structure, "advanced").pk)
            for c in evals.structure.competencies
        }
    )
    data["action"] = "submit"
    html = login(world.sup_a2).post(_url(evals.sup_a), data).content.decode()
    assert "Not signed yet" in html and "This field is required." in html
    assert Evaluation.objects.get(pk=evals.sup_a.pk).status == EvaluationStatus.DRAFT


def test_acknowledge_page_says_it_is_not_agreement(world, evals, login):
    submitted(evals.sup_a, evals.structure, world.sup_a2)
    client = login(world.peer_a)
    html = client.get(_url(evals.sup_a)).content.decode()
    assert "It does not mean that you agree with it." in html
    url = reverse("evaluations:evaluation_acknowledge", args=[evals.sup_a.pk])
    response = client.post(url, {"sign_name": "", "staff_comments": "Keep this"})
    assert response.status_code == 400
    assert "Keep this" in response.content.decode()
    response = client.post(
        url, {"sign_name": "Amani Achebe", "sign_password": PASSWORD, "staff_comments": "Thanks."}
    )
    assert response.status_code == 302
    html = client.get(_url(evals.sup_a)).content.decode()
    assert "Acknowledged by Amani Achebe" in html and "Thanks." in html
    assert "Acknowledge and sign" not in html


def test_reopen_needs_a_reason_and_shows_it_in_the_history(world, evals, login):
    submitted(evals.sup_a, evals.structure, world.sup_a2)
    client = login(world.hr)
    url = reverse("evaluations:evaluation_reopen", args=[evals.sup_a.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert Evaluation.objects.get(pk=evals.sup_a.pk).status == EvaluationStatus.SUBMITTED
    assert client.post(url, {"reason": "Wrong period entered."}).status_code == 302
    html = login(world.sup_a2).get(_url(evals.sup_a)).content.decode()
    assert "Wrong period entered." in html
    assert "Reopened" in html and "Hollis Reyes" in html
    assert "Sign and submit" in html  # editable again


def test_self_assessment_is_hidden_from_the_supervisor_until_submitted(world, evals, login):
    client = login(world.sup_a2)
    assert client.get(_url(evals.self_a)).status_code == 404
    compare = reverse("evaluations:evaluation_compare", args=[evals.sup_a.pk])
    assert client.get(compare).status_code == 404
    self_eval = submitted(evals.self_a, evals.structure, world.peer_a)
    assert client.get(_url(self_eval)).status_code == 200
    assert "Compare self-assessment" in client.get(_url(evals.sup_a)).content.decode()


def test_side_by_side_marks_differences_in_words(world, evals, login):
    structure = evals.structure
    submitted(evals.self_a, structure, world.peer_a)  # all proficient
    content = full_content(structure, "proficient")
    content.ratings[structure.competencies[0].pk] = level(structure, "advanced").pk
    services.save_draft(evals.sup_a, content, world.sup_a2, 1)
    html = (
        login(world.sup_a2)
        .get(reverse("evaluations:evaluation_compare", args=[evals.sup_a.pk]))
        .content.decode()
    )
    assert "The ratings differ on 1 of 6 competencies" in html
    assert html.count("≠ Differs") == 1 + 1  # the row, and the explanation line
    assert "self-rating 1 step lower" in html


def test_language_hints_on_save(world, evals, login):
    make_language_guide()
    client = login(world.sup_a2)
    category = evals.structure.categories[0]
    data = _post_data(
        evals.structure, evals.sup_a, comments={category.pk: "Good with every patient."}
    )
    response = client.post(_url(evals.sup_a), data, headers={"x-requested-with": "fetch"})
    assert response.json()["hints"][f"c_{category.pk}"][0]["found"] == "patient"
    html = client.get(_url(evals.sup_a)).content.decode()
    assert "instead of “patient”, the language guide suggests: Person Receiving Services" in html
    assert 'id="language-terms"' in html


def test_lists_filter_by_cycle_status_and_whose(world, evals, login):
    submitted(evals.sup_a, evals.structure, world.sup_a2)
    other = EvaluationCycle.objects.create(
        agency=world.agency,
        name="Other cycle",
        period_start=evals.cycle.period_start,
        period_end=evals.cycle.period_end,
        due_date=evals.cycle.due_date,
        framework_version=evals.version,
    )
    client = login(world.sup_a2)
    url = reverse("evaluations:evaluation_list")
    page = client.get(url).context["page"]
    # Aiden: what he writes (Amani's), his own self-assessment, Amani's is still a draft.
    # (not: his own supervisor evaluation, or Amani's self-assessment, both still drafts)
    assert {(e.subject.full_name, e.kind) for e in page} == {
        ("Amani Achebe", "supervisor"),
        ("Aiden Azoulay", "self"),
    }
    assert client.get(url, {"status": "submitted"}).context["page"].paginator.count == 1
    assert client.get(url, {"cycle": other.pk}).context["page"].paginator.count == 0
    assert client.get(url, {"whose": "me"}).context["page"].paginator.count == 1
    response = client.get(url, {"cycle": "nope"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()
    staff_page = login(world.peer_a).get(url).context["page"]
    assert {(e.subject.full_name, e.kind) for e in staff_page} == {
        ("Amani Achebe", "supervisor"),
        ("Amani Achebe", "self"),
    }


def test_hr_creates_launches_and_follows_a_cycle(world, small_version, login):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    client = login(world.hr)
    response = client.post(
        reverse("evaluations:cycle_create"),
        {
            "name": "Youth review",
            "period_start": "2026-01-01",
            "period_end": "2025-12-31",
            "due_date": "2026-01-31",
            "framework_version": str(small_version.pk),
            "programs": [str(world.program2.pk)],
        },
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    response = client.post(
        reverse("evaluations:cycle_create"),
        {
            "name": "Youth review",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "due_date": yesterday,
            "framework_version": str(small_version.pk),
            "programs": [str(world.program2.pk)],
        },
    )
    cycle = EvaluationCycle.objects.get(name="Youth review")
    assert response["Location"] == reverse("evaluations:cycle_detail", args=[cycle.pk])
    launch = reverse("evaluations:cycle_launch", args=[cycle.pk])
    client.post(launch)
    client.post(launch)
    assert cycle.evaluations.count() == 2
    html = client.get(cycle.get_absolute_url()).content.decode()
    assert "0 of 2 evaluations submitted (0%)" in html
    assert "Youth Drop-In" in html
    assert "Not started (2)" in html
    assert "Overdue (2)" in html


def test_cycle_names_are_unique_per_agency(world, evals, login):
    response = login(world.hr).post(
        reverse("evaluations:cycle_create"),
        {
            "name": evals.cycle.name,
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "due_date": "2026-07-31",
            "framework_version": str(evals.version.pk),
        },
    )
    assert "already has a cycle with this name" in response.content.decode()


def test_home_and_staff_panels(world, evals, login):
    html = login(world.sup_a2).get(reverse("peerwork:home")).content.decode()
    assert "Evaluations needing my attention" in html
    assert "Amani Achebe" in html
    submitted(evals.sup_a, evals.structure, world.sup_a2)
    html = login(world.peer_a).get(reverse("peerwork:home")).content.decode()
    assert "please read and acknowledge it" in html
    assert "Your self-assessment" in html
    html = (
        login(world.sup_a2)
        .get(reverse("peerwork:staff_detail", args=[world.peer_a_staff.pk]))
        .content.decode()
    )
    assert "Supervisor evaluation" in html and "Start an evaluation" in html
    # Bea, Bo's supervisor, sees Bo's, never Amani's.
    html = (
        login(world.sup_b)
        .get(reverse("peerwork:staff_detail", args=[world.peer_b_staff.pk]))
        .content.decode()
    )
    assert f"/evaluations/{evals.sup_b.pk}/" in html
    assert f"/evaluations/{evals.sup_a.pk}/" not in html


def test_start_an_evaluation_outside_a_cycle(world, small_version, login):
    client = login(world.sup_a)
    response = client.post(
        reverse("evaluations:evaluation_start"),
        {"subject": str(world.peer_a_staff.pk), "framework_version": str(small_version.pk)},
    )
    evaluation = Evaluation.objects.get(cycle=None)
    assert response["Location"] == _url(evaluation)
    assert evaluation.author == world.sup_a and evaluation.kind == "supervisor"
    assert evaluation.events.get().action == EventAction.CREATED


def test_side_by_side_can_show_only_the_competencies_rated_differently(world, login):
    from evaluations.models import EvaluationKind, EvaluationStatus
    from tests.evaluations.factories import make_version
    from tests.evaluations.pdf_support import make_filled_evaluation

    version = make_version(categories=2, per_category=3)
    supervisor, _ = make_filled_evaluation(
        world.peer_a_staff, world.sup_a2, version, status=EvaluationStatus.SUBMITTED
    )
    # Offset 0 on both sides except one skipped rating: exactly one competency differs.
    make_filled_evaluation(
        world.peer_a_staff,
        world.peer_a,
        version,
        kind=EvaluationKind.SELF,
        status=EvaluationStatus.SUBMITTED,
        skip={4},
    )
    client = login(world.sup_a2)
    url = reverse("evaluations:evaluation_compare", args=[supervisor.pk])
    everything = client.get(url).content.decode()
    differs = "<strong>≠ Differs</strong>"
    assert everything.count(differs) == 1 and everything.count("= Same") == 5
    assert "Show only the competencies rated differently" in everything
    only = client.get(url + "?only=differences").content.decode()
    assert only.count(differs) == 1 and "= Same" not in only
    assert "Rated the same on every competency in this category." in only
    assert "Show every competency" in only
