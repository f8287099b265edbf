import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from competencies import documents, services
from competencies.models import (
    Category,
    Competency,
    Framework,
    FrameworkVersion,
    RatingLevel,
    RatingScale,
    ReferenceEntry,
    ReferenceList,
)
from peerwork.versioning import VersionStatus
from tests.competencies.factories import put_in_use, shipped_document, small_document

EXPECTED_COUNTS = {
    "I": 5, "II": 5, "III": 4, "IV": 4, "V": 5, "VI": 5,
    "VII": 6, "VIII": 5, "IX": 6, "X": 6, "XI": 7, "XII": 4,
}  # fmt: skip

MODELS = [
    Framework, FrameworkVersion, RatingScale, RatingLevel, Category, Competency,
    ReferenceList, ReferenceEntry,
]  # fmt: skip


def snapshot():
    """Every row of every competencies table, with primary keys."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def load(*args):
    out = StringIO()
    call_command("load_frameworks", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, name, document):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug", ["samhsa-peer-core-competencies", "wise-peer-performance-evaluation"]
)
def test_shipped_samhsa_and_wise_form_have_62_competencies_in_12_categories(slug):
    load()
    version = services.version_with_items(FrameworkVersion.objects.get(framework__slug=slug))
    counts = {c.numeral: len(c.competencies.all()) for c in version.categories.all()}
    assert counts == EXPECTED_COUNTS
    assert list(counts) == list(EXPECTED_COUNTS)  # in the source's order
    assert sum(counts.values()) == 62
    assert version.status == VersionStatus.PUBLISHED


@pytest.mark.django_db
def test_load_twice_changes_nothing():
    first_output = load()
    assert "created" in first_output
    before = snapshot()
    assert len(before["Framework"]) == 6 and len(before["ReferenceList"]) == 4
    second_output = load()
    assert snapshot() == before
    assert ": created" not in second_output and ": updated" not in second_output
    assert second_output.count("unchanged") == 10


@pytest.mark.django_db
def test_load_shipped_data_loads_the_frameworks():
    call_command("load_shipped_data", stdout=StringIO())
    assert Framework.objects.count() == 6
    assert ReferenceList.objects.filter(slug="language-guide").exists()


@pytest.mark.django_db
def test_a_draft_version_is_updated_in_place(tmp_path):
    document = small_document(status="draft")
    load(write(tmp_path, "form.json", document))
    kept = Competency.objects.get(category__numeral="I", number="1")
    document["version"]["categories"][0]["competencies"][0]["statement"] = "Listens well."
    document["version"]["categories"][0]["competencies"].pop()  # competency I.2 removed
    document["version"]["categories"][1]["competencies"].append(
        {"number": "2", "statement": "Advocates."}
    )
    output = load(write(tmp_path, "form.json", document))
    assert "test-form 1: updated" in output
    kept.refresh_from_db()
    assert kept.statement == "Listens well."  # the same row, changed in place
    version = services.version_with_items(FrameworkVersion.objects.get(label="1"))
    assert FrameworkVersion.objects.count() == 1
    assert [
        (c.numeral, [(k.number, k.statement) for k in c.competencies.all()])
        for c in version.categories.all()
    ] == [("I", [("1", "Listens well.")]), ("II", [("1", "Supports."), ("2", "Advocates.")])]


@pytest.mark.django_db
def test_a_draft_published_by_its_file_gets_a_publication_date(tmp_path):
    load(write(tmp_path, "form.json", small_document(status="draft")))
    load(write(tmp_path, "form.json", small_document(status="published")))
    version = FrameworkVersion.objects.get()
    assert version.status == VersionStatus.PUBLISHED and version.published_at is not None


@pytest.mark.django_db
def test_a_published_version_in_use_is_never_changed_by_the_command(tmp_path, world):
    document = small_document(status="published")
    load(write(tmp_path, "form.json", document))
    put_in_use(FrameworkVersion.objects.get(), world.agency)
    before = snapshot()
    document["version"]["categories"][0]["competencies"][0]["statement"] = "Changed."
    other = small_document(slug="another-form", scale_code="test-scale")
    with pytest.raises(CommandError) as refused:
        load(write(tmp_path, "a.json", other), write(tmp_path, "form.json", document))
    message = str(refused.value)
    assert "Nothing was loaded" in message
    assert "Test form (1) is published and in use" in message
    assert "new draft version" in message
    assert snapshot() == before  # not even the other, valid file was loaded
    # The unchanged file still loads cleanly (a deploy re-running the shipped data).
    assert "unchanged" in load(write(tmp_path, "form.json", small_document(status="published")))


@pytest.mark.django_db
def test_a_scale_in_use_is_never_changed(tmp_path, world):
    load(write(tmp_path, "form.json", small_document(status="published")))
    put_in_use(FrameworkVersion.objects.get(), world.agency)
    document = small_document(status="published")
    document["rating_scales"][0]["levels"][1]["requires_comment"] = False
    before = snapshot()
    with pytest.raises(CommandError, match="rating scale “test-scale” differs"):
        load(write(tmp_path, "form.json", document))
    assert snapshot() == before


@pytest.mark.django_db
def test_a_published_version_not_in_use_may_still_be_corrected(tmp_path):
    document = small_document(status="published")
    load(write(tmp_path, "form.json", document))
    document["version"]["categories"][1]["title"] = "Second, corrected"
    assert "updated" in load(write(tmp_path, "form.json", document))
    assert Category.objects.filter(title="Second, corrected").exists()


@pytest.mark.django_db
def test_the_command_validates_every_file_before_writing_anything(tmp_path):
    good = write(tmp_path, "a.json", small_document())
    bad_document = small_document(slug="bad-form")
    bad_document["version"]["categories"][0]["competencies"][1]["number"] = "1"
    bad_document["version"]["categories"][1]["competencies"][0]["statement"] = "  "
    bad = write(tmp_path, "b.json", bad_document)
    broken = tmp_path / "c.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        load(good, bad, broken)
    message = str(failed.value)
    assert "b.json: category I, competency 1: the number “1” is used twice" in message
    assert "b.json: category II, competency 1: “statement” is empty." in message
    assert "c.json: The file is not valid JSON" in message
    assert Framework.objects.count() == 0


@pytest.mark.django_db
def test_two_files_with_different_copies_of_one_scale_are_refused(tmp_path):
    other = small_document(slug="other-form")
    other["rating_scales"][0]["levels"][0]["label"] = "Yes!"
    with pytest.raises(CommandError, match="differs from the one in a.json"):
        load(write(tmp_path, "a.json", small_document()), write(tmp_path, "b.json", other))
    assert RatingScale.objects.count() == 0


@pytest.mark.django_db
def test_unknown_paths_are_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        load(tmp_path / "missing.json")


@pytest.mark.django_db
def test_reference_lists_keep_columns_and_kinds():
    load()
    definition = ReferenceList.objects.get(slug="recovery-working-definition")
    kinds = list(definition.entries.values_list("kind", flat=True))
    assert kinds.count("dimension") == 4 and kinds.count("principle") == 10
    worksheet = ReferenceList.objects.get(slug="leadership-challenges-worksheet")
    assert worksheet.columns == ["Causes", "Why", "Details", "Proposed Action/Intervention"]


@pytest.mark.django_db
def test_every_shipped_file_equals_its_database_export():
    """The loader drops nothing: each file, normalized, is exactly what the export gives."""
    load()
    for name in [
        "frameworks/samhsa-peer-core-competencies--2015",
        "frameworks/wise-peer-performance-evaluation--2019.2",
        "frameworks/wise-employer-competencies--2019.2",
        "frameworks/wpf-core-competencies--2023",
        "frameworks/psychosocial-risk-factors--2019",
        "frameworks/wise-recovery-oriented-workplace--2019",
    ]:
        normalized, problems = documents.validate_document(shipped_document(name))
        assert problems == []
        version = services.version_with_items(
            FrameworkVersion.objects.get(
                framework__slug=normalized["framework"]["slug"],
                label=normalized["version"]["label"],
            )
        )
        assert documents.export_version(version) == normalized, name


@pytest.mark.django_db
def test_export_then_load_into_an_empty_database_gives_an_identical_version(tmp_path):
    load()
    out = tmp_path / "export.json"
    call_command(
        "export_framework", "samhsa-peer-core-competencies", "2015", "-o", str(out),
        stderr=StringIO(),
    )  # fmt: skip
    original = documents.export_version(
        services.version_with_items(FrameworkVersion.objects.get(label="2015"))
    )
    for model in [Framework, ReferenceList, RatingScale]:
        model.objects.all().delete()
    assert Competency.objects.count() == 0
    load(out)
    version = FrameworkVersion.objects.get()
    assert documents.export_version(services.version_with_items(version)) == original
    assert Competency.objects.count() == 62
    assert version.introduction.startswith(original["version"]["introduction"][:40])


@pytest.mark.django_db
def test_export_writes_to_standard_output_and_refuses_unknown_versions():
    load()
    out = StringIO()
    call_command("export_framework", "wpf-core-competencies", "2023", stdout=out)
    assert json.loads(out.getvalue())["framework"]["slug"] == "wpf-core-competencies"
    with pytest.raises(CommandError, match="Versions of wpf-core-competencies: 2023"):
        call_command("export_framework", "wpf-core-competencies", "1999")
    with pytest.raises(CommandError, match="There is no framework “nope”"):
        call_command("export_framework", "nope", "1")


@pytest.mark.django_db
def test_version_with_items_takes_four_queries_whatever_the_size(
    django_assert_num_queries, shipped_frameworks
):
    small = shipped_frameworks.wpf
    large = shipped_frameworks.samhsa
    for version in (small, large):
        with django_assert_num_queries(4):
            loaded = services.version_with_items(version)
            items = [k.statement for c in loaded.categories.all() for k in c.competencies.all()]
            levels = [level.label for level in loaded.rating_scale.levels.all()]
            str(loaded)
        assert items and levels
    with django_assert_num_queries(4):
        every = list(services.versions_with_items())
        total = sum(len(c.competencies.all()) for v in every for c in v.categories.all())
    assert total == 62 + 62 + 11 + 6 + 13 + 11


@pytest.mark.django_db(transaction=True)
def test_shipped_frameworks_fixture_works_in_transactional_tests(shipped_frameworks):
    assert shipped_frameworks.samhsa.label == "2015"
    assert shipped_frameworks.wise_form.rating_scale.code == "wise-performance"
    assert Competency.objects.filter(category__version=shipped_frameworks.samhsa).count() == 62


@pytest.mark.django_db
def test_shipped_frameworks_fixture_does_not_load_twice(
    shipped_frameworks, django_assert_max_num_queries
):
    from tests.competencies.shipped import load_shipped_frameworks

    with django_assert_max_num_queries(2):
        again = load_shipped_frameworks()
    assert again.samhsa.pk == shipped_frameworks.samhsa.pk
