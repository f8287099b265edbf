from competencies.models import FrameworkVersion
from tests.competencies.shipped import load_shipped_frameworks
from tests.matrix import Case, allowed, everyone


def _shipped(world):
    load_shipped_frameworks()


def _with_draft(world):
    shipped = load_shipped_frameworks()
    shipped.wpf.make_new_draft(label="2024-draft")


def _with_retired(world):
    shipped = load_shipped_frameworks()
    FrameworkVersion.objects.filter(pk=shipped.wpf.pk).update(status="retired")


def _version(slug, label):
    return lambda w: {"slug": slug, "label": label}


CASES = [
    Case("competencies:framework_list", everyone(), setup=_shipped),
    Case("competencies:search", everyone(), setup=_shipped),
    Case("competencies:search", everyone(), setup=_shipped, query="q=hope", note="a query"),
    Case(
        "competencies:search",
        everyone(),
        setup=_shipped,
        query="q=%25%27%22%3Cscript%3E&page=999",
        note="odd characters and a page past the end",
    ),
    Case(
        "competencies:version_detail",
        everyone(),
        setup=_shipped,
        kwargs=_version("samhsa-peer-core-competencies", "2015"),
    ),
    Case(
        "competencies:version_detail",
        everyone(),
        setup=_shipped,
        kwargs=_version("wise-employer-competencies", "2019.2"),
        note="an organization framework",
    ),
    Case(
        "competencies:version_detail",
        everyone(),
        setup=_with_retired,
        kwargs=_version("wpf-core-competencies", "2023"),
        note="retired: kept readable for old evaluations",
    ),
    Case(
        "competencies:version_detail",
        allowed("admin"),
        setup=_with_draft,
        kwargs=_version("wpf-core-competencies", "2024-draft"),
        note="a draft: admins only",
    ),
    Case(
        "competencies:version_detail",
        allowed(),
        setup=_shipped,
        kwargs=_version("samhsa-peer-core-competencies", "1999"),
        note="unknown label",
    ),
    Case(
        "competencies:version_detail",
        allowed(),
        setup=_shipped,
        kwargs=_version("no-such-framework", "2015"),
        note="unknown framework",
    ),
    Case(
        "competencies:reference_detail",
        everyone(),
        setup=_shipped,
        kwargs=lambda w: {"slug": "language-guide"},
    ),
    Case(
        "competencies:reference_detail",
        everyone(),
        setup=_shipped,
        kwargs=lambda w: {"slug": "recovery-working-definition"},
        note="recovery definition",
    ),
    Case(
        "competencies:reference_detail",
        everyone(),
        setup=_shipped,
        kwargs=lambda w: {"slug": "leadership-challenges-worksheet"},
        note="worksheet",
    ),
    Case(
        "competencies:reference_detail",
        allowed(),
        setup=_shipped,
        kwargs=lambda w: {"slug": "no-such-list"},
        note="unknown list",
    ),
]
