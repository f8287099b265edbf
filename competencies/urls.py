from django.urls import path

from competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("search/", views.search, name="search"),
    path("reference/<slug:slug>/", views.reference_detail, name="reference_detail"),
    path("<slug:slug>/<str:label>/", views.version_detail, name="version_detail"),
]
