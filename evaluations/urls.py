from django.urls import path

from evaluations import pdf_views, views

app_name = "evaluations"

urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("start/", views.evaluation_start, name="evaluation_start"),
    path("<int:evaluation_id>/", views.evaluation_detail, name="evaluation_detail"),
    path(
        "<int:evaluation_id>/acknowledge/",
        views.evaluation_acknowledge,
        name="evaluation_acknowledge",
    ),
    path("<int:evaluation_id>/reopen/", views.evaluation_reopen, name="evaluation_reopen"),
    path(
        "<int:evaluation_id>/reassign/",
        views.evaluation_reassign,
        name="evaluation_reassign",
    ),
    path("<int:evaluation_id>/compare/", views.evaluation_compare, name="evaluation_compare"),
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:cycle_id>/launch/", views.cycle_launch, name="cycle_launch"),
    path("cycles/<int:cycle_id>/nudge/", views.cycle_nudge, name="cycle_nudge"),
    # PDFs and bulk exports (evaluations/pdf_views.py)
    path("<int:evaluation_id>/pdf/", pdf_views.evaluation_pdf_view, name="evaluation_pdf"),
    path(
        "<int:evaluation_id>/signed/<int:signature_id>/",
        pdf_views.signed_copy_view,
        name="signed_copy",
    ),
    path(
        "<int:evaluation_id>/compare/pdf/",
        pdf_views.comparison_pdf_view,
        name="comparison_pdf",
    ),
    path(
        "forms/<slug:framework_slug>/<str:label>/blank.pdf",
        pdf_views.blank_form_pdf_view,
        name="blank_form_pdf",
    ),
    path("cycles/<int:cycle_id>/export/", pdf_views.export_start, name="export_start"),
    path("exports/<int:export_id>/", pdf_views.export_detail, name="export_detail"),
    path(
        "exports/<int:export_id>/<str:kind>/",
        pdf_views.export_download,
        name="export_download",
    ),
]
