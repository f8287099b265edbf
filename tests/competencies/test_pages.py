import pytest
from django.urls import reverse

from competencies import services
from competencies.models import FrameworkVersion
from peerwork.versioning import VersionStatus
from tests.competencies.factories import small_document


def _page(client, name, **kwargs):
    query = kwargs.pop("query", "")
    response = client.get(reverse(f"competencies:{name}", kwargs=kwargs or None) + query)
    assert response.status_code == 200
    return response


def _version_url(version):
    return reverse("competencies:version_detail", args=[version.framework.slug, version.label])


def _add_frameworks(count, categories=5, per_category=10):
    """More frameworks, each with a bigger version, to show pages don't grow in queries."""
    for n in range(count):
        document = small_document(slug=f"extra-{n}", status="published")
        document["version"]["categories"] = [
            {
                "numeral": str(c),
                "title": f"Area {c}",
                "competencies": [
                    {"number": str(k), "statement": f"Builds hope in way {c}.{k}."}
                    for k in range(1, per_category + 1)
                ],
            }
            for c in range(1, categories + 1)
        ]
        services.load_document(document)


@pytest.mark.django_db
def test_home_page_links_to_frameworks_and_the_language_guide(world, login):
    html = login(world.peer_b).get(reverse("peerwork:home")).content.decode()
    assert f'href="{reverse("competencies:framework_list")}"' in html
    assert 'href="/frameworks/reference/language-guide/"' in html
    assert ">Language guide<" in html


@pytest.mark.django_db
def test_framework_list_shows_published_frameworks_and_reference_lists(
    world, login, shipped_frameworks
):
    draft = shipped_frameworks.wpf.make_new_draft(label="2024-draft")
    html = _page(login(world.peer_a), "framework_list").content.decode()
    for version in shipped_frameworks.versions.values():
        assert version.framework.name in html
        assert _version_url(version) in html
    assert _version_url(draft) not in html
    assert "Language: words that stigmatize, and words that uplift" in html
    assert _version_url(draft) in _page(login(world.admin), "framework_list").content.decode()


@pytest.mark.django_db
def test_framework_list_queries_do_not_grow_with_frameworks(
    world, login, shipped_frameworks, django_assert_max_num_queries
):
    client = login(world.sup_b)
    client.get(reverse("competencies:framework_list"))  # session and user loaded once
    # 4 for the session, user, roles and staff record; 3 for frameworks, versions, lists.
    with django_assert_max_num_queries(7) as small:
        _page(client, "framework_list")
    _add_frameworks(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = _page(client, "framework_list").content.decode()
    assert "extra-14" in html


@pytest.mark.django_db
def test_version_page_shows_introduction_categories_competencies_and_scale(
    world, login, shipped_frameworks
):
    html = _page(
        login(world.peer_a),
        "version_detail",
        slug="wise-peer-performance-evaluation",
        label="2019.2",
    ).content.decode()
    assert "Category XII: Promotes Growth and Development" in html
    assert "Seeks opportunities to increase professional knowledge and peer support skills" in html
    assert "Not Enough Information" in html and "comment required" in html
    assert "Select this option only if: (1) the competency is unquestionably relevant" in html
    assert '<section id="definitions"' in html
    assert "Client(s)" in html and "As used in this evaluation" in html  # definitions
    # Only admins see where in the transcription files the text came from.
    assert "Seed 002" not in html and "Cal Voices" in html
    samhsa = _page(
        login(world.peer_a), "version_detail", slug="samhsa-peer-core-competencies", label="2015"
    ).content.decode()
    assert "In 2015, SAMHSA led an effort to identify the critical knowledge" in samhsa


@pytest.mark.django_db
def test_version_page_queries_do_not_grow_with_items(
    world, login, shipped_frameworks, django_assert_max_num_queries
):
    client = login(world.hr)
    _page(client, "version_detail", slug="wpf-core-competencies", label="2023")
    # 4 for the session and user; 4 for the version with its items; 1 for other versions.
    with django_assert_max_num_queries(9) as small:
        _page(client, "version_detail", slug="wpf-core-competencies", label="2023")  # 6 items
    _add_frameworks(1, categories=20, per_category=30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = _page(client, "version_detail", slug="extra-0", label="1").content.decode()
    assert "Builds hope in way 20.30." in html


@pytest.mark.django_db
def test_draft_versions_are_shown_to_admins_with_a_warning(world, login, shipped_frameworks):
    draft = shipped_frameworks.wpf.make_new_draft(label="2024-draft")
    assert login(world.hr).get(_version_url(draft)).status_code == 404
    html = login(world.admin).get(_version_url(draft)).content.decode()
    assert "this version is not published" in html


@pytest.mark.django_db
def test_search_finds_statements_across_frameworks(world, login, shipped_frameworks):
    response = _page(login(world.peer_a), "search", query="?q=conveys+hope")
    html = response.content.decode()
    assert "Conveys hope to peers about their own recovery" in html  # SAMHSA
    assert "Conveys hope to clients about their own recovery and/or self-care" in html  # WISE
    assert "2 statements match" in html


@pytest.mark.django_db
def test_search_treats_wildcards_and_markup_as_plain_text(world, login, shipped_frameworks):
    client = login(world.peer_a)
    html = _page(client, "search", query="?q=%25%25").content.decode()
    assert "0 statements match" in html  # "%%" is not a wildcard
    html = _page(client, "search", query="?q=%3Cb%3Ehope").content.decode()
    assert "<b>hope" not in html and "&lt;b&gt;hope" in html


@pytest.mark.django_db
def test_search_explains_a_query_that_is_too_short_or_too_long(world, login, shipped_frameworks):
    client = login(world.peer_a)
    html = _page(client, "search", query="?q=a").content.decode()
    assert "at least 2 characters" in html
    html = _page(client, "search", query="?q=" + "x" * 201).content.decode()
    assert "the limit is 200" in html
    # A NUL never reaches the view (peerwork.middleware.NulFreeQueryMiddleware drops it).
    html = _page(client, "search", query="?q=ab%00cd").content.decode()
    assert "\x00" not in html and "“abcd”" in html


@pytest.mark.django_db
def test_search_hides_drafts_from_everyone_but_admins(world, login, shipped_frameworks):
    draft = shipped_frameworks.wpf.make_new_draft(label="2024-draft")
    competency = draft.categories.get().competencies.first()
    competency.statement = "Zebra-striped draft wording"
    competency.save(update_fields=["statement"])
    query = "?q=zebra-striped"
    assert "0 statements match" in _page(login(world.sup_a), "search", query=query).content.decode()
    assert (
        "1 statement matches" in _page(login(world.admin), "search", query=query).content.decode()
    )


@pytest.mark.django_db
def test_search_queries_do_not_grow_with_matches(
    world, login, shipped_frameworks, django_assert_max_num_queries
):
    client = login(world.peer_b)
    _page(client, "search", query="?q=hope")
    with django_assert_max_num_queries(6) as small:
        _page(client, "search", query="?q=hope")
    _add_frameworks(3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = _page(client, "search", query="?q=hope&page=2").content.decode()
    assert "Page 2 of" in html


@pytest.mark.django_db
def test_language_guide_is_a_page_of_its_own(world, login, shipped_frameworks):
    html = _page(login(world.peer_a), "reference_detail", slug="language-guide").content.decode()
    assert "Instead of" in html
    assert "Case, Patient, Client, Consumer" in html
    assert "Person Receiving Services" in html


@pytest.mark.django_db
def test_recovery_definition_lists_dimensions_and_principles(world, login, shipped_frameworks):
    html = _page(
        login(world.peer_a), "reference_detail", slug="recovery-working-definition"
    ).content.decode()
    assert "Dimensions" in html and "Guiding principles" in html
    assert html.index("A stable and safe place to live") < html.index("Recovery emerges from hope")


@pytest.mark.django_db
def test_retired_versions_stay_readable_with_a_note(world, login, shipped_frameworks):
    FrameworkVersion.objects.filter(pk=shipped_frameworks.wpf.pk).update(
        status=VersionStatus.RETIRED
    )
    html = login(world.peer_a).get(_version_url(shipped_frameworks.wpf)).content.decode()
    assert "Retired:" in html
