from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("settings/", views.settings_edit, name="settings"),
    path("hours/", views.hours, name="hours"),
    path("roles/", views.roles, name="roles"),
    path("programs/<int:program_id>/", views.program_roles, name="program_roles"),
    path("people/<int:staff_id>/", views.person, name="person"),
    path("people/<int:staff_id>/cadence/", views.cadence_edit, name="cadence_edit"),
    path("people/<int:staff_id>/basics/", views.basics_new, name="basics_new"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/comment/", views.session_comment, name="session_comment"),
    path(
        "sessions/<int:session_id>/acknowledge/",
        views.session_acknowledge,
        name="session_acknowledge",
    ),
    path("sessions/<int:session_id>/reopen/", views.session_reopen, name="session_reopen"),
    path("sessions/<int:session_id>/pdf/", views.session_pdf, name="session_pdf"),
    path(
        "sessions/<int:session_id>/signed/<int:signature_id>/",
        views.session_signed_copy,
        name="session_signed_copy",
    ),
    path("actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("plans/<int:plan_id>/", views.workplan_detail, name="workplan_detail"),
    path("plans/<int:plan_id>/edit/", views.workplan_edit, name="workplan_edit"),
    path("plans/<int:plan_id>/sign/", views.workplan_sign, name="workplan_sign"),
    path("plans/<int:plan_id>/extend/", views.workplan_extend, name="workplan_extend"),
    path("plans/<int:plan_id>/pdf/", views.workplan_pdf, name="workplan_pdf"),
    path(
        "plans/<int:plan_id>/signed/<int:signature_id>/",
        views.workplan_signed_copy,
        name="workplan_signed_copy",
    ),
]
