"""Small frameworks and evaluations for the evaluation tests.

`make_version(categories=3, per_category=2)` builds a published version on a scale shaped like
the WISE one (two levels need a comment, two do not count as a score), with as many
categories and competencies as a test needs.
"""

import itertools

import factory

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
from evaluations.models import Evaluation, EvaluationKind
from peerwork.versioning import VersionStatus
from tests.factories import UserFactory

_serial = itertools.count(1)

# (code, label, counts_as_score, score, requires_comment, rarely_used)
LEVELS = [
    ("advanced", "Advanced", True, 3, False, False),
    ("proficient", "Proficient", True, 2, False, False),
    ("developing", "Developing", True, 1, True, False),
    ("not-enough-information", "Not Enough Information", False, None, True, True),
    ("not-applicable", "Not Applicable", False, None, False, True),
]


def make_scale(code=None, levels=LEVELS):
    scale = RatingScale.objects.create(
        code=code or f"test-scale-{next(_serial)}", name="Test performance rating"
    )
    for order, (level_code, label, counts, score, needs_comment, rare) in enumerate(levels):
        RatingLevel.objects.create(
            scale=scale,
            code=level_code,
            label=label,
            definition=f"What {label} means.",
            order=order,
            counts_as_score=counts,
            score=score,
            requires_comment=needs_comment,
            rarely_used=rare,
        )
    return scale


def make_version(categories=3, per_category=2, scale=None, label="2019"):
    serial = next(_serial)
    framework = Framework.objects.create(
        slug=f"test-framework-{serial}", name=f"Test Evaluation Form {serial}"
    )
    version = FrameworkVersion.objects.create(
        framework=framework,
        label=label,
        status=VersionStatus.PUBLISHED,
        instructions="Select the rating that best matches the person's current skill.",
        rating_scale=scale or make_scale(),
    )
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    for c in range(categories):
        category = Category.objects.create(
            version=version,
            numeral=numerals[c % len(numerals)] + ("" if c < len(numerals) else str(c)),
            title=f"Category {c + 1}",
            description=f"What category {c + 1} is about.",
            order=c,
        )
        Competency.objects.bulk_create(
            Competency(
                category=category,
                number=str(n + 1),
                statement=f"Competency {c + 1}.{n + 1}",
                order=n,
            )
            for n in range(per_category)
        )
    return version


def make_language_guide():
    guide, _ = ReferenceList.objects.get_or_create(
        slug="language-guide", defaults={"title": "Language guide"}
    )
    if not guide.entries.exists():
        ReferenceEntry.objects.create(
            reference_list=guide,
            term="Case, Patient, Client, Consumer",
            alternatives=["Person Receiving Services", "Person"],
            order=0,
        )
        ReferenceEntry.objects.create(
            reference_list=guide,
            term="Non-Compliant (or Compliant)",
            alternatives=["Independent", "Autonomous"],
            order=1,
        )
    return guide


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    author = factory.SubFactory(UserFactory)
    kind = EvaluationKind.SUPERVISOR
    framework_version = factory.LazyFunction(make_version)
