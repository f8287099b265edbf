"""Background tasks of the evaluations app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def export_evaluations(job_id):
    """Bulk PDF export of one ExportJob: see evaluations/exports.py."""
    from evaluations.exports import run_export

    job = run_export(job_id)
    return {"job": job.pk, "status": job.status, "done": job.done, "failed": len(job.failures)}
