"""Editing frameworks in the Django admin: lock, new draft, validation, order, upload."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from competencies import documents, services
from competencies.models import (
    Category,
    Competency,
    FrameworkVersion,
    RatingScale,
)
from peerwork.versioning import VersionStatus
from tests.competencies.factories import put_in_use, small_document
from tests.competencies.test_loading import snapshot


def form_data(response):
    """The POST data the admin change page would send back unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = list(value)
            elif hasattr(field, "prepare_value") and name in ("repairs", "prompts"):
                data[form.add_prefix(name)] = field.prepare_value(value)
            else:
                data[form.add_prefix(name)] = value
    return data


def change_url(obj):
    return reverse(f"admin:competencies_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def admin_client(world, login):
    return login(world.admin)


@pytest.fixture
def draft(db):
    services.load_document(small_document(status="draft"))
    return FrameworkVersion.objects.get(framework__slug="test-form")


@pytest.fixture
def in_use(db, world):
    services.load_document(small_document(status="published"))
    version = FrameworkVersion.objects.get(framework__slug="test-form")
    put_in_use(version, world.agency)
    return version


def _statements(version):
    return [
        (c.numeral, [(k.number, k.statement) for k in c.competencies.all()])
        for c in services.version_with_items(version).categories.all()
    ]


# --- a version in use is read-only ----------------------------------------------------------


def test_a_published_version_in_use_is_read_only_in_the_admin(admin_client, in_use):
    response = admin_client.get(change_url(in_use))
    html = response.content.decode()
    assert response.status_code == 200
    assert "can no longer change" in html
    assert 'name="_save"' not in html
    assert "New draft version from this one" in html
    before = snapshot()
    data = {"label": "2", "status": "draft", "framework": in_use.framework_id}
    assert admin_client.post(change_url(in_use), data).status_code == 403
    category = in_use.categories.first()
    page = admin_client.get(change_url(category))
    assert page.status_code == 200 and "Listens." in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change_url(category), {"title": "Changed"}).status_code == 403
    scale = in_use.rating_scale
    assert admin_client.post(change_url(scale), {"name": "Changed"}).status_code == 403
    assert snapshot() == before


def test_a_published_version_in_use_cannot_be_deleted(admin_client, in_use):
    url = reverse("admin:competencies_frameworkversion_delete", args=[in_use.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert FrameworkVersion.objects.filter(pk=in_use.pk).exists()


def test_a_draft_is_editable_even_when_used(admin_client, draft, world):
    put_in_use(draft, world.agency)
    assert not draft.is_locked()
    assert 'name="_save"' in admin_client.get(change_url(draft)).content.decode()


# --- new draft, edit, publish; old evaluations keep old text ----------------------------------


def test_new_draft_version_edited_and_published_leaves_the_old_text(admin_client, in_use, world):
    cycle = put_in_use(in_use, world.agency)
    old_competency = Competency.objects.get(category__version=in_use, statement="Listens.")
    old_text = _statements(in_use)

    response = admin_client.post(
        reverse("admin:competencies_frameworkversion_new_draft", args=[in_use.pk])
    )
    new = FrameworkVersion.objects.exclude(pk=in_use.pk).get()
    assert response.status_code == 302 and response["Location"] == change_url(new)
    assert (new.label, new.status) == ("1-draft-2", VersionStatus.DRAFT)
    assert _statements(new) == old_text

    # Edit the draft: reword a competency on its category's page.
    category = new.categories.get(numeral="I")
    data = form_data(admin_client.get(change_url(category)))
    data["competencies-0-statement"] = "Listens with care."
    response = admin_client.post(change_url(category), data)
    assert response.status_code == 302, response.context and response.context["errors"]

    # Publish it with the changelist action.
    response = admin_client.post(
        reverse("admin:competencies_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [new.pk]},
        follow=True,
    )
    assert "1 version published." in response.content.decode()
    new.refresh_from_db()
    assert new.status == VersionStatus.PUBLISHED and new.published_at is not None
    assert _statements(new)[0][1][0] == ("1", "Listens with care.")

    # What the old evaluations were made on is untouched.
    assert _statements(in_use) == old_text
    old_competency.refresh_from_db()
    assert old_competency.statement == "Listens."
    cycle.refresh_from_db()
    assert cycle.framework_version_id == in_use.pk


def test_new_draft_action_copies_each_selected_version(admin_client, in_use):
    admin_client.post(
        reverse("admin:competencies_frameworkversion_changelist"),
        {"action": "new_draft_version", "_selected_action": [in_use.pk]},
    )
    admin_client.post(
        reverse("admin:competencies_frameworkversion_changelist"),
        {"action": "new_draft_version", "_selected_action": [in_use.pk]},
    )
    labels = set(FrameworkVersion.objects.values_list("label", flat=True))
    assert labels == {"1", "1-draft-2", "1-draft-3"}


def test_publishing_an_empty_draft_is_refused(admin_client, draft):
    for category in draft.categories.all():
        category.competencies.all().delete()
    response = admin_client.post(
        reverse("admin:competencies_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "has no competencies" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_retiring_a_version_in_use_is_allowed(admin_client, in_use):
    admin_client.post(
        reverse("admin:competencies_frameworkversion_changelist"),
        {"action": "retire", "_selected_action": [in_use.pk]},
    )
    in_use.refresh_from_db()
    assert in_use.status == VersionStatus.RETIRED


# --- validation -------------------------------------------------------------------------------


def test_duplicate_competency_numbers_are_refused(admin_client, draft):
    category = draft.categories.get(numeral="I")
    data = form_data(admin_client.get(change_url(category)))
    data["competencies-1-number"] = "1"
    before = snapshot()
    response = admin_client.post(change_url(category), data)
    assert response.status_code == 200
    assert "used more than once: 1" in response.content.decode()
    assert snapshot() == before


def test_empty_statements_are_refused(admin_client, draft):
    category = draft.categories.get(numeral="I")
    data = form_data(admin_client.get(change_url(category)))
    data["competencies-0-statement"] = "   "
    before = snapshot()
    response = admin_client.post(change_url(category), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert snapshot() == before


def test_duplicate_category_numerals_are_refused(admin_client, draft):
    data = form_data(admin_client.get(change_url(draft)))
    data["categories-1-numeral"] = "I"
    before = snapshot()
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "used more than once: I" in response.content.decode()
    assert snapshot() == before


def test_a_scale_without_levels_is_refused(admin_client, draft):
    url = reverse("admin:competencies_ratingscale_add")
    data = {
        "code": "empty", "name": "Empty",
        "levels-TOTAL_FORMS": "0", "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "1", "levels-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Please submit at least 1 form." in response.content.decode()
    assert not RatingScale.objects.filter(code="empty").exists()
    # Nor may a version be put on a scale that has none.
    bare = RatingScale.objects.create(code="bare", name="Bare")
    data = form_data(admin_client.get(change_url(draft)))
    data["rating_scale"] = bare.pk
    response = admin_client.post(change_url(draft), data)
    assert "has no levels yet" in response.content.decode()
    draft.refresh_from_db()
    assert draft.rating_scale.code == "test-scale"


def test_categories_can_be_reordered_inline(admin_client, draft):
    first, second = draft.categories.order_by("order")
    data = form_data(admin_client.get(change_url(draft)))
    data["categories-0-position"] = "2"
    data["categories-1-position"] = "1"
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 302
    assert list(draft.categories.order_by("order").values_list("pk", "order")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]


def test_competencies_can_be_reordered_added_and_removed_inline(admin_client, draft):
    category = draft.categories.get(numeral="I")
    data = form_data(admin_client.get(change_url(category)))
    data["competencies-0-position"] = "5"  # "Listens." goes last
    data["competencies-TOTAL_FORMS"] = "3"
    data.update({"competencies-2-number": "3", "competencies-2-statement": "Advocates."})
    assert admin_client.post(change_url(category), data).status_code == 302
    assert [(c.number, c.statement, c.order) for c in category.competencies.order_by("order")] == [
        ("2", "Shares.", 1),
        ("1", "Listens.", 2),
        ("3", "Advocates.", 3),
    ]


# --- upload -----------------------------------------------------------------------------------

UPLOAD_URL = "admin:competencies_frameworkversion_upload"


def upload(client, content, name="form.json"):
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post(reverse(UPLOAD_URL), {"file": file}, follow=True)


def test_upload_page_is_for_admins(admin_client):
    response = admin_client.get(reverse(UPLOAD_URL))
    assert response.status_code == 200
    assert "Check and load" in response.content.decode()
    changelist = admin_client.get(reverse("admin:competencies_frameworkversion_changelist"))
    assert reverse(UPLOAD_URL) in changelist.content.decode()


def test_a_good_upload_loads_the_version(admin_client):
    response = upload(admin_client, small_document())
    assert "Loaded form.json: test-form 1: created." in response.content.decode()
    assert _statements(FrameworkVersion.objects.get()) == [
        ("I", [("1", "Listens."), ("2", "Shares.")]),
        ("II", [("1", "Supports.")]),
    ]


def test_an_upload_updates_a_draft_in_place(admin_client, draft):
    document = small_document(status="draft")
    document["version"]["categories"][1]["competencies"][0]["statement"] = "Supports others."
    kept = Competency.objects.get(statement="Supports.")
    upload(admin_client, document)
    kept.refresh_from_db()
    assert kept.statement == "Supports others."


def _bad_uploads():
    unknown_scale = small_document()
    unknown_scale["version"]["rating_scale"] = "no-such-scale"
    duplicates = small_document()
    duplicates["version"]["categories"][0]["competencies"][1]["number"] = "1"
    wrong_format = small_document()
    wrong_format["format"] = "peerwork.framework/9"
    many = small_document()
    many["version"]["rating_scale"] = "no-such-scale"
    many["version"]["categories"][0]["competencies"][1]["number"] = "1"
    many["version"]["categories"][1]["competencies"][0]["statement"] = ""
    many["rating_scales"][0]["levels"] = []
    many["framework"]["subject"] = "planet"
    return [
        ("malformed JSON", b'{"format": "peerwork.framework/1", "version": {',
         ["The file is not valid JSON: Expecting property name enclosed in double quotes at "
          "line 1, column 48."]),
        ("not UTF-8", b"\xff\xfe\x00{", ["The file is not UTF-8 text."]),
        ("not an object", b"[1, 2]", ["The file must hold one JSON object."]),
        ("unknown scale", unknown_scale,
         ["version: the rating scale “no-such-scale” is unknown: it is neither in the file’s "
          "“rating_scales” nor already in PeerWork."]),
        ("duplicate numbers", duplicates,
         ["category I, competency 1: the number “1” is used twice in this category."]),
        ("wrong format marker", wrong_format,
         ["The format marker is “peerwork.framework/9”; expected “peerwork.framework/1” or "
          "“peerwork.reference/1”."]),
        ("every problem at once", many,
         ["rating scale “test-scale”: a rating scale needs at least one level.",
          "framework: “subject” must be one of: individual, organization.",
          "category I, competency 1: the number “1” is used twice in this category.",
          "category II, competency 1: “statement” is empty.",
          "version: the rating scale “no-such-scale” is unknown: it is neither in the file’s "
          "“rating_scales” nor already in PeerWork."]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "content, problems", [b[1:] for b in _bad_uploads()], ids=[b[0] for b in _bad_uploads()]
)
def test_a_bad_upload_lists_every_problem_and_writes_nothing(
    admin_client, draft, content, problems
):
    before = snapshot()
    response = upload(admin_client, content)
    assert response.status_code == 400
    listed = [str(p) for p in response.context["problems"]]
    assert listed == problems
    html = response.content.decode()
    assert "Nothing was saved." in html
    for problem in problems:
        assert escape(problem) in html
    assert snapshot() == before


def test_an_oversized_upload_is_refused_before_it_is_read(admin_client, draft):
    before = snapshot()
    padding = " " * (documents.MAX_UPLOAD_BYTES + 1)
    content = json.dumps(small_document())[:-1] + padding + "}"
    response = upload(admin_client, content.encode())
    assert response.status_code == 400
    assert "the limit is 2048 kB" in response.content.decode()
    assert snapshot() == before


def test_an_upload_that_would_change_a_version_in_use_is_refused(admin_client, in_use):
    before = snapshot()
    document = small_document(status="published")
    document["version"]["categories"][0]["title"] = "Changed"
    response = upload(admin_client, document)
    assert response.status_code == 400
    assert "is published and in use" in response.content.decode()
    assert snapshot() == before


def test_an_upload_of_a_reference_list(admin_client):
    document = {
        "format": "peerwork.reference/1", "slug": "words", "title": "Words",
        "entries": [{"term": "Patient", "alternatives": ["Person receiving services"]}],
    }  # fmt: skip
    response = upload(admin_client, document)
    assert "words: created" in response.content.decode()


def test_nobody_else_can_upload(world, login):
    for user in (world.hr, world.sup_a, world.peer_a):
        client = login(user)
        response = client.post(reverse(UPLOAD_URL), {"file": SimpleUploadedFile("a.json", b"{}")})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert FrameworkVersion.objects.count() == 0
    assert Category.objects.count() == 0


# --- two admins at once ---------------------------------------------------------------------


def test_a_stale_version_form_never_overwrites_a_newer_save(admin_client, draft):
    first = form_data(admin_client.get(change_url(draft)))
    second = dict(first)
    first["introduction"] = "First admin's introduction."
    assert admin_client.post(change_url(draft), first).status_code == 302
    second["introduction"] = "Second admin's introduction."
    response = admin_client.post(change_url(draft), second)
    assert response.status_code == 200
    assert "Someone else saved this version since you opened this page" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.introduction == "First admin's introduction."


def test_editing_competencies_makes_an_open_version_page_stale(admin_client, draft):
    version_page = form_data(admin_client.get(change_url(draft)))
    category = draft.categories.get(numeral="I")
    data = form_data(admin_client.get(change_url(category)))
    data["competencies-0-statement"] = "Listens closely."
    assert admin_client.post(change_url(category), data).status_code == 302
    version_page["categories-0-title"] = "Renamed"
    response = admin_client.post(change_url(draft), version_page)
    assert "Someone else saved this version" in response.content.decode()
    assert not Category.objects.filter(title="Renamed").exists()


def test_an_upload_makes_an_open_category_page_stale(admin_client, draft):
    category = draft.categories.get(numeral="I")
    data = form_data(admin_client.get(change_url(category)))
    document = small_document(status="draft")
    document["version"]["introduction"] = "Uploaded."
    upload(admin_client, document)
    data["competencies-0-statement"] = "Stale edit."
    response = admin_client.post(change_url(category), data)
    assert "Someone else saved this version" in response.content.decode()
    assert not Competency.objects.filter(statement="Stale edit.").exists()


def test_prompts_are_edited_as_paragraphs_and_survive_an_unchanged_save(
    admin_client, shipped_frameworks
):
    draft = shipped_frameworks.wise_employer.make_new_draft()
    category = draft.categories.get()
    before = _statements(draft), [list(c.prompts) for c in Competency.objects.filter(
        category=category).order_by("order")]  # fmt: skip
    data = form_data(admin_client.get(change_url(category)))
    assert admin_client.post(change_url(category), data).status_code == 302
    after = _statements(draft), [list(c.prompts) for c in Competency.objects.filter(
        category=category).order_by("order")]  # fmt: skip
    assert after == before
    assert any("\n- " in prompt for prompts in after[1] for prompt in prompts)

    data = form_data(admin_client.get(change_url(category)))
    data["competencies-0-prompts"] = "First question?\r\n\r\nSecond:\r\n- a\r\n- b\r\n\r\n"
    assert admin_client.post(change_url(category), data).status_code == 302
    first = Competency.objects.get(category=category, order=1)
    assert first.prompts == ["First question?", "Second:\n- a\n- b"]
