from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("courses/<int:course_id>/", views.course_detail, name="course_detail"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/enroll/", views.session_enroll, name="session_enroll"),
    path(
        "sessions/<int:session_id>/enrollments/<int:enrollment_id>/",
        views.enrollment_action,
        name="enrollment_action",
    ),
    path(
        "sessions/<int:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("certificates/<int:attendance_id>.pdf", views.certificate, name="certificate"),
    path("mine/", views.my_training, name="my_training"),
    path("staff/<int:staff_id>/", views.staff_training, name="staff_training"),
    path("required/", views.requirement_list, name="requirement_list"),
    path(
        "required/<int:requirement_id>/delete/",
        views.requirement_delete,
        name="requirement_delete",
    ),
]
