from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from competencies import services
from competencies.forms import StatementSearchForm
from competencies.models import Competency, Framework, ReferenceEntry
from peerwork import access
from peerwork.versioning import VersionStatus

SEARCH_PAGE_SIZE = 25

# Headings for the groups of a reference list's entries (their "kind" in the shipped files).
KIND_HEADINGS = {"dimension": _("Dimensions"), "principle": _("Guiding principles")}


def _get_version_for_user(user, slug, label):
    return access.get_framework_version_for_user(
        user, slug, label, queryset=services.versions_with_items()
    )


@login_required
def framework_list(request):
    versions = access.visible_framework_versions(request.user).order_by("-label")
    frameworks = (
        Framework.objects.filter(versions__in=versions)
        .distinct()
        .order_by("subject", "name")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
    )
    references = access.visible_reference_lists(request.user).order_by("title")
    return render(
        request,
        "competencies/framework_list.html",
        {"frameworks": frameworks, "references": references},
    )


@login_required
def version_detail(request, slug, label):
    version = _get_version_for_user(request.user, slug, label)
    other_versions = (
        access.visible_framework_versions(request.user)
        .filter(framework=version.framework)
        .exclude(pk=version.pk)
        .order_by("-label")
    )
    return render(
        request,
        "competencies/version_detail.html",
        {
            "version": version,
            "other_versions": other_versions,
            "is_draft": version.status == VersionStatus.DRAFT,
        },
    )


@login_required
def search(request):
    form = StatementSearchForm(request.GET or None)
    page = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        versions = access.visible_framework_versions(request.user)
        matches = (
            Competency.objects.filter(category__version__in=versions)
            .filter(
                Q(statement__icontains=query)
                | Q(category__title__icontains=query)
                | Q(prompts__icontains=query)
            )
            .select_related("category__version__framework")
            .order_by(
                "category__version__framework__name",
                "-category__version__label",
                "category__order",
                "order",
                "pk",
            )
        )
        page = Paginator(matches, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "competencies/search.html",
        {"form": form, "page": page, "q": query, "query": params.urlencode()},
    )


@login_required
def reference_detail(request, slug):
    reference = access.get_reference_list_for_user(request.user, slug)
    entries = list(ReferenceEntry.objects.filter(reference_list=reference).order_by("order", "pk"))
    kinds = []
    for entry in entries:
        if not kinds or kinds[-1][0] != entry.kind:
            heading = KIND_HEADINGS.get(entry.kind, entry.kind.capitalize())
            kinds.append((entry.kind, heading, []))
        kinds[-1][2].append(entry)
    return render(
        request,
        "competencies/reference_detail.html",
        {
            "reference": reference,
            "entries": entries,
            "groups": kinds,
            "has_alternatives": any(e.alternatives for e in entries),
            "has_details": any(e.detail for e in entries),
        },
    )
