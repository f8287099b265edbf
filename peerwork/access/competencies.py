"""Framework versions and reference lists."""

from django.http import Http404


def visible_framework_versions(user):
    """Every logged-in user may read published and retired versions; drafts are for admins."""
    from competencies.models import FrameworkVersion
    from peerwork.versioning import VersionStatus

    if not user.is_authenticated or not user.is_active:
        return FrameworkVersion.objects.none()
    if user.is_admin:
        return FrameworkVersion.objects.all()
    return FrameworkVersion.objects.exclude(status=VersionStatus.DRAFT)


def get_framework_version_for_user(user, slug, label, queryset=None):
    """The version `label` of framework `slug` if this user may read it, else 404."""
    from competencies.models import FrameworkVersion

    visible = visible_framework_versions(user)
    queryset = visible if queryset is None else queryset & visible
    try:
        return queryset.get(framework__slug=slug, label=label)
    except FrameworkVersion.DoesNotExist:
        raise Http404 from None


def visible_reference_lists(user):
    from competencies.models import ReferenceList

    if not user.is_authenticated or not user.is_active:
        return ReferenceList.objects.none()
    return ReferenceList.objects.all()


def get_reference_list_for_user(user, slug):
    from competencies.models import ReferenceList

    try:
        return visible_reference_lists(user).get(slug=slug)
    except ReferenceList.DoesNotExist:
        raise Http404 from None
