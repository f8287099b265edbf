"""The one lifecycle of versioned documents, seen through both documents that use it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from competencies import services
from competencies.models import FrameworkVersion
from onboarding.models import ChecklistItem, ChecklistTemplate
from peerwork.versioning import VersionedDocument, VersionStatus, document_of
from tests.competencies.factories import put_in_use, small_document
from tests.onboarding.factories import add_plans, make_template

pytestmark = pytest.mark.django_db


def _framework_version(slug="test-form", label="1", status="published"):
    services.load_document(small_document(slug=slug, label=label, status=status))
    return FrameworkVersion.objects.get(framework__slug=slug, label=label)


def test_both_documents_use_the_one_lifecycle():
    assert issubclass(FrameworkVersion, VersionedDocument)
    assert issubclass(ChecklistTemplate, VersionedDocument)
    for model in (FrameworkVersion, ChecklistTemplate):
        assert model._meta.get_field("status").choices == VersionStatus.choices
        assert set(VersionStatus.values) == {"draft", "published", "retired"}


def test_publishing_retires_only_the_same_documents_published_version():
    old = _framework_version(label="1")
    other = _framework_version(slug="other-form", label="1")
    draft = old.make_new_draft()
    revision = old.revision
    assert draft.publish() is True
    old.refresh_from_db()
    other.refresh_from_db()
    draft.refresh_from_db()
    assert (old.status, other.status, draft.status) == ("retired", "published", "published")
    assert draft.published_at is not None
    assert old.revision == revision + 1  # an admin page open on it is now stale
    assert draft.publish() is False


def test_a_new_draft_copies_the_rows_and_takes_the_next_free_identity(world):
    add_plans(world)
    template = world.template
    first = template.make_new_draft()
    second = template.make_new_draft()
    assert (first.version, second.version) == (2, 3)
    assert first.status == VersionStatus.DRAFT and first.published_at is None
    assert first.revision == 1
    texts = list(template.items.values_list("order", "text"))
    assert list(first.items.values_list("order", "text")) == texts
    details = sorted(template.items.values_list("order", "details__text"))
    assert sorted(first.items.values_list("order", "details__text")) == details
    assert first.checkin_questions.count() == template.checkin_questions.count()
    assert not first.is_in_use() and template.is_in_use()


def test_locked_means_left_draft_and_in_use(world):
    version = _framework_version(status="draft")
    put_in_use(version, world.agency)
    assert version.is_in_use() and not version.is_locked()
    version.publish()
    assert version.is_locked()
    item = ChecklistItem.objects.filter(template=make_template()).first()
    assert document_of(item).pk == item.template_id
    assert document_of(item.template) is item.template


def test_a_template_without_items_may_not_be_published(world, login):
    empty = ChecklistTemplate.objects.create(slug="empty", name="Empty")
    client = login(world.admin)
    response = client.post(
        reverse("admin:onboarding_checklisttemplate_changelist"),
        {"action": "publish", "_selected_action": [empty.pk]},
        follow=True,
    )
    assert "has no items" in response.content.decode()
    empty.refresh_from_db()
    assert empty.status == VersionStatus.DRAFT


def test_publishing_a_template_in_the_admin_retires_the_one_in_use(world, login):
    add_plans(world)
    client = login(world.admin)
    draft = world.template.make_new_draft()
    response = client.post(
        reverse("admin:onboarding_checklisttemplate_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "1 version published." in response.content.decode()
    world.template.refresh_from_db()
    assert world.template.status == VersionStatus.RETIRED
    # Retired and in use: still frozen, and its items' page refuses changes too.
    item = world.template.items.first()
    url = reverse("admin:onboarding_checklistitem_change", args=[item.pk])
    assert client.post(url, {"text": "Changed"}).status_code == 403
    assert 'name="_save"' not in client.get(url).content.decode()


def test_a_stale_template_page_never_overwrites_a_newer_save(world, login):
    template = make_template()
    template.status = VersionStatus.DRAFT
    template.save(update_fields=["status"])
    client = login(world.admin)
    url = reverse("admin:onboarding_checklisttemplate_change", args=[template.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for inline in client.get(url).context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None and value is not False:
                    data[row.add_prefix(name)] = value
    first, second = dict(data), dict(data)
    first["name"] = "First admin's name"
    response = client.post(url, first)
    assert response.status_code == 302
    second["name"] = "Second admin's name"
    response = client.post(url, second)
    assert response.status_code == 200
    assert "Someone else saved this version since you opened this page" in (
        response.content.decode()
    )
    template.refresh_from_db()
    assert template.name == "First admin's name"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_templates_and_dates_published_ones():
    executor = MigrationExecutor(connection)
    executor.migrate([("onboarding", "0002_links")])
    old_apps = executor.loader.project_state([("onboarding", "0002_links")]).apps
    Template = old_apps.get_model("onboarding", "ChecklistTemplate")
    published = Template.objects.create(slug="a", version=1, name="A", status="published")
    draft = Template.objects.create(slug="a", version=2, name="A", status="draft")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    published = ChecklistTemplate.objects.get(pk=published.pk)
    draft = ChecklistTemplate.objects.get(pk=draft.pk)
    assert (published.status, draft.status) == ("published", "draft")
    assert published.published_at == published.created_at and draft.published_at is None
    assert published.revision == draft.revision == 1
