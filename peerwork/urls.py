from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from peerwork import accounts, login_views, roster_views, staff_views, views

core_patterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/add/", staff_views.staff_add, name="staff_add"),
    path("staff/invitations/", staff_views.invitation_list, name="invitation_list"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:staff_id>/edit/", staff_views.staff_edit, name="staff_edit"),
    path(
        "staff/<int:staff_id>/reporting-line/",
        staff_views.staff_reporting_line,
        name="staff_reporting_line",
    ),
    path(
        "staff/<int:staff_id>/end-employment/",
        staff_views.staff_end_employment,
        name="staff_end_employment",
    ),
    path("staff/<int:staff_id>/open-work/", staff_views.staff_open_work, name="staff_open_work"),
    path("staff/<int:staff_id>/account/", staff_views.staff_account, name="staff_account"),
    path("staff/<int:staff_id>/invite/", staff_views.staff_invite, name="staff_invite"),
    path("staff/import/", roster_views.roster_upload, name="roster_upload"),
    path(
        "staff/import/<int:import_id>/columns/",
        roster_views.roster_mapping,
        name="roster_mapping",
    ),
    path("staff/import/<int:import_id>/", roster_views.roster_preview, name="roster_preview"),
    path(
        "staff/import/<int:import_id>/confirm/",
        roster_views.roster_confirm,
        name="roster_confirm",
    ),
    path("staff/export.<str:file_format>", roster_views.staff_export, name="staff_export"),
    path("programs/", views.program_list, name="program_list"),
    path("logins/locked/", login_views.login_lockouts, name="login_lockouts"),
    path("logins/unlock/", login_views.login_unlock, name="login_unlock"),
    path("what-needs-you/", views.todo_list, name="todo_list"),
    path("preferences/", views.preferences, name="preferences"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("language/", views.set_language, name="set_language"),
]

urlpatterns = [
    path("", include((core_patterns, "peerwork"))),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        accounts.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("frameworks/", include("competencies.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("onboarding/", include("onboarding.urls")),
    path("assessments/", include("assessments.urls")),
    path("training/", include("training.urls")),
    path("supervision/", include("supervision.urls")),
    path("credentials/", include("credentials.urls")),
    path("admin/", admin.site.urls),
]
