"""The project's URLs plus the floor views, swapped in with override_settings(ROOT_URLCONF)."""

from django.urls import path

from benchmarks import views
from peerwork.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("__bench__/floor/", views.floor, name="bench_floor"),
    path("__bench__/floor-layout/", views.floor_layout, name="bench_floor_layout"),
    *project_urlpatterns,
]
