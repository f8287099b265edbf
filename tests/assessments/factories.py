"""Small instruments and rounds for assessment tests (the shipped ones: `shipped_frameworks`)."""

import datetime
import itertools

from django.utils import timezone

from assessments import services
from assessments.models import AssessmentRound, RespondentGroup
from competencies.models import (
    Category,
    Competency,
    Framework,
    FrameworkSubject,
    FrameworkVersion,
    RatingLevel,
    RatingScale,
)
from peerwork.models import PeerRole, Role
from peerwork.versioning import VersionStatus
from tests.factories import StaffMemberFactory, UserFactory

_serial = itertools.count(1)

READINESS = [
    ("not-yet", "Not yet", True, 1),
    ("beginning", "Beginning", True, 2),
    ("partly", "Partly in place", True, 3),
    ("fully", "Fully in place", True, 4),
    ("dont-know", "Don't know", False, None),
]


def instrument(items=3, slug=None, label="2019"):
    """An organization framework version on a readiness scale, with "Try this" prompts."""
    n = next(_serial)
    scale = RatingScale.objects.create(code=f"readiness-{n}", name="How well our agency does this")
    for order, (code, text, counts, score) in enumerate(READINESS):
        RatingLevel.objects.create(
            scale=scale,
            code=code,
            label=text,
            order=order,
            counts_as_score=counts,
            score=score,
            definition=f"{text}: what it means.",
        )
    framework = Framework.objects.create(
        slug=slug or f"employer-{n}",
        name=f"Employer competencies {n}",
        subject=FrameworkSubject.ORGANIZATION,
    )
    version = FrameworkVersion.objects.create(
        framework=framework, label=label, status=VersionStatus.PUBLISHED, rating_scale=scale
    )
    category = Category.objects.create(version=version, title="Core competencies", order=0)
    for number in range(1, items + 1):
        Competency.objects.create(
            category=category,
            number=str(number),
            statement=f"Competency statement {number}.",
            prompts=[f"Try this question {number}a?", f"Try this question {number}b?"],
            order=number,
        )
    return version


def next_version(version, label):
    """A second version of the same framework, with the same items."""
    copy = FrameworkVersion.objects.create(
        framework=version.framework,
        label=label,
        status=VersionStatus.PUBLISHED,
        rating_scale=version.rating_scale,
    )
    for category in version.categories.all():
        new_category = Category.objects.create(
            version=copy, title=category.title, order=category.order
        )
        for item in category.competencies.all():
            Competency.objects.create(
                category=new_category,
                number=item.number,
                statement=item.statement,
                prompts=item.prompts,
                order=item.order,
            )
    return copy


def open_round(agency, version, groups=None, program=None, opened_by=None, title="Round"):
    return services.open_round(
        agency=agency,
        program=program,
        framework_version=version,
        title=title,
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
        groups=groups or RespondentGroup.values,
        opened_by=opened_by,
    )


def person(agency, username, full_name, *, peer=True, roles=(), supervisor=None, program=None):
    user = UserFactory(
        username=username,
        agency=agency,
        roles=list(roles) or [Role.PEER_STAFF],
        email=f"{username}@harbor.example",
        first_name=full_name.split()[0],
        last_name=full_name.split()[-1],
    )
    staff = StaffMemberFactory(
        agency=agency,
        user=user,
        full_name=full_name,
        supervisor=supervisor,
        program=program,
        email=user.email,
        peer_role=PeerRole.PEER if peer else PeerRole.NON_PEER,
    )
    return user, staff


def answer_all(invitation, levels_by_item, comment="", submit=True):
    """Answer every item: `levels_by_item` is {competency: level} (or a single level)."""
    version = invitation.round.framework_version
    items = Competency.objects.filter(category__version=version)
    answers = {}
    for item in items:
        level = levels_by_item.get(item) if isinstance(levels_by_item, dict) else levels_by_item
        answers[item.pk] = (level.pk if level else None, comment)
    response = services.find_response(invitation)
    return services.save_response(
        invitation, answers, submit=submit, revision=response.revision if response else None
    )


def level(version, code):
    return version.rating_scale.levels.get(code=code)


def round_of(round_):
    return AssessmentRound.objects.get(pk=round_.pk)
