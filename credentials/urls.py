from django.urls import path

from credentials import views

app_name = "credentials"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.dashboard_csv, name="dashboard_csv"),
    path("mine/", views.mine, name="mine"),
    path("staff/<int:staff_id>/", views.staff_credentials, name="staff_credentials"),
    path("staff/<int:staff_id>/add/", views.credential_add, name="credential_add"),
    path("staff/<int:staff_id>/hours/add/", views.ce_add, name="ce_add"),
    path("<int:credential_id>/", views.credential_detail, name="credential_detail"),
    path("<int:credential_id>/edit/", views.credential_edit, name="credential_edit"),
    path("<int:credential_id>/renew/", views.credential_renew, name="credential_renew"),
    path(
        "periods/<int:period_id>/certificate/",
        views.period_certificate,
        name="period_certificate",
    ),
    path("hours/<int:entry_id>/verify/", views.ce_verify, name="ce_verify"),
    path("hours/<int:entry_id>/certificate/", views.ce_certificate, name="ce_certificate"),
]
