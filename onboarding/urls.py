from django.urls import path

from onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.plan_start, name="plan_start"),
    path("mine/", views.my_onboarding, name="my_onboarding"),
    path("my-work/", views.my_work, name="my_work"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:plan_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:plan_id>/settings/", views.plan_settings, name="plan_settings"),
    path("plans/<int:plan_id>/tasks/add/", views.task_add, name="task_add"),
    path("plans/<int:plan_id>/tasks/bulk/", views.tasks_bulk, name="tasks_bulk"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path(
        "plans/<int:plan_id>/tasks/<int:task_id>/edit/",
        views.task_edit,
        name="task_edit",
    ),
    path(
        "plans/<int:plan_id>/tasks/<int:task_id>/action/",
        views.task_action,
        name="task_action",
    ),
    path(
        "plans/<int:plan_id>/tasks/<int:task_id>/subitems/<int:subitem_id>/",
        views.subitem_set,
        name="subitem_set",
    ),
    path(
        "plans/<int:plan_id>/checkins/<int:checkin_id>/",
        views.checkin_detail,
        name="checkin_detail",
    ),
]
