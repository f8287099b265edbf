"""Loading the shipped data into test databases cheaply (the `shipped_frameworks` fixture)."""

import functools
import types

from competencies import services
from competencies.documents import parse_json
from competencies.management.commands.load_frameworks import shipped_files
from competencies.models import FrameworkVersion, ReferenceList


@functools.cache
def _shipped_documents():
    return tuple(parse_json(path.read_bytes()) for path in shipped_files())


def load_shipped_frameworks():
    """Load every shipped file unless it is already there; return the versions by slug."""
    docs = _shipped_documents()
    framework_docs = [d for d in docs if "framework" in d]
    slugs = [d["framework"]["slug"] for d in framework_docs]
    present = {
        (v.framework.slug, v.label): v
        for v in FrameworkVersion.objects.filter(framework__slug__in=slugs).select_related(
            "framework", "rating_scale"
        )
    }
    wanted_refs = {d["slug"] for d in docs if "entries" in d}
    refs_present = set(
        ReferenceList.objects.filter(slug__in=wanted_refs).values_list("slug", flat=True)
    )
    missing = [
        d
        for d in docs
        if ("framework" in d and (d["framework"]["slug"], d["version"]["label"]) not in present)
        or ("entries" in d and d["slug"] not in refs_present)
    ]
    # Scales ship inside framework files, so those go first.
    for document in sorted(missing, key=lambda d: "framework" not in d):
        services.load_document(document)
    if missing:
        present = {
            (v.framework.slug, v.label): v
            for v in FrameworkVersion.objects.filter(framework__slug__in=slugs).select_related(
                "framework", "rating_scale"
            )
        }
    versions = {
        d["framework"]["slug"]: present[(d["framework"]["slug"], d["version"]["label"])]
        for d in framework_docs
    }
    return types.SimpleNamespace(
        versions=versions,
        samhsa=versions["samhsa-peer-core-competencies"],
        wise_form=versions["wise-peer-performance-evaluation"],
        wise_employer=versions["wise-employer-competencies"],
        wpf=versions["wpf-core-competencies"],
    )
