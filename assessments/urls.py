from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/invite/", views.round_invite, name="round_invite"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/results/", views.round_results, name="round_results"),
    path("rounds/<int:round_id>/report.pdf", views.round_report, name="round_report"),
    path(
        "rounds/<int:round_id>/items/<int:competency_id>/plan/",
        views.worksheet,
        name="worksheet",
    ),
    path("invitations/<int:invitation_id>/", views.respond, name="respond"),
]
