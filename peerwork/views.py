from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n as django_i18n
from django.views.decorators.http import require_POST

from peerwork import access, i18n, panels, todo
from peerwork.forms import PreferencesForm, StaffFilterForm
from peerwork.models import PeerRole, StaffStatus

STAFF_PAGE_SIZE = 25
HOME_TODO_LIMIT = 10


def _todo_rows(user, today):
    return [
        {"item": item, "overdue": item.is_overdue(today), "when": item.due_in_words(today)}
        for item in todo.registry.items_for(user, today)
    ]


def _staff_list_queryset(queryset):
    return queryset.select_related("program", "supervisor")


@login_required
def home(request):
    user = request.user
    staff = user.staff_record
    reports = None
    if user.is_supervisor:
        reports = list(
            _staff_list_queryset(access.report_staff(user)).filter(
                status__in=[StaffStatus.ACTIVE, StaffStatus.CANDIDATE]
            )[:50]
        )
    people_counts = None
    if access.is_hr_or_admin(user):
        people_counts = access.visible_staff(user).aggregate(
            active=Count("pk", filter=Q(status=StaffStatus.ACTIVE)),
            candidates=Count("pk", filter=Q(status=StaffStatus.CANDIDATE)),
            peers=Count("pk", filter=Q(status=StaffStatus.ACTIVE, peer_role=PeerRole.PEER)),
        )
    todo_rows = _todo_rows(user, timezone.localdate())
    return render(
        request,
        "peerwork/home.html",
        {
            "todo_rows": todo_rows[:HOME_TODO_LIMIT],
            "todo_count": len(todo_rows),
            "staff": staff,
            "reports": reports,
            "people_counts": people_counts,
            "panels": panels.home.render_list(request),
        },
    )


@login_required
def staff_list(request):
    form = StaffFilterForm(request.GET or None, programs=access.visible_programs(request.user))
    queryset = form.filter(_staff_list_queryset(access.visible_staff(request.user)))
    page = Paginator(queryset, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "peerwork/staff_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": access.can_manage_staff(request.user) and request.user.agency_id,
            "can_import_roster": access.can_import_roster(request.user),
        },
    )


def reporting_history(staff):
    """The person's reporting lines, newest first, with names joined (one query)."""
    return list(
        staff.reporting_lines.select_related(
            "supervisor", "program", "changed_by__staff_member"
        ).order_by("-effective_from", "-pk")
    )


@login_required
def staff_detail(request, staff_id):
    staff = access.get_staff_for_user(
        request.user,
        staff_id,
        queryset=_staff_list_queryset(access.visible_staff(request.user)).select_related(
            "agency", "user__invitation", "program__population_served"
        ),
    )
    direct_reports = _staff_list_queryset(staff.direct_reports.exclude(status=StaffStatus.FORMER))
    can_manage = access.can_manage_staff(request.user, staff.agency_id)
    invitation = None
    if can_manage and staff.user is not None:
        invitation = getattr(staff.user, "invitation", None)
    return render(
        request,
        "peerwork/staff_detail.html",
        {
            "staff": staff,
            "can_manage": can_manage,
            "invitation": invitation,
            "history": reporting_history(staff),
            "direct_reports": direct_reports,
            "panels": panels.staff_detail.render_list(request, staff),
        },
    )


@login_required
def program_list(request):
    programs = (
        access.visible_programs(request.user)
        .select_related("population_served")
        .annotate(
            peer_count=Count(
                "staff",
                filter=Q(staff__peer_role=PeerRole.PEER, staff__status=StaffStatus.ACTIVE),
            ),
            staff_count=Count("staff", filter=Q(staff__status=StaffStatus.ACTIVE)),
        )
    )
    return render(request, "peerwork/program_list.html", {"programs": programs})


@login_required
def todo_list(request):
    """Everything that needs this person, soonest first (the home page shows the first few)."""
    return render(
        request,
        "peerwork/todo_list.html",
        {"todo_rows": _todo_rows(request.user, timezone.localdate())},
    )


@login_required
def preferences(request):
    """The person's own choices: their language and how often reminder emails come."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The confirmation (and the page after it) is in the language just chosen.
        translation.activate(request.user.language)
        messages.success(request, _("Your preferences are saved."))
        response = redirect("peerwork:preferences")
        _set_language_cookie(response, request.user.language)
        return response
    return render(request, "peerwork/preferences.html", {"form": form})


def _set_language_cookie(response, language):
    # The same cookie Django's set_language sets, so the login page after logging out
    # stays in the person's language.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request):
    """The switch in the menu: Django's set_language (the cookie, and back to `next`), and
    for a logged-in person their profile's language too, which wins after login."""
    response = django_i18n.set_language(request)
    if request.user.is_authenticated:
        i18n.save_language(request.user, request.POST.get(django_i18n.LANGUAGE_QUERY_PARAMETER))
    return response
