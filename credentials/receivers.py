"""Training credits CE hours: one entry per attendance, kept in step with it."""

from credentials import services


def attendance_recorded(sender, attendance, **kwargs):
    from training.models import Attendance

    # Read it again: the signal comes after the commit, and the row may have changed since.
    fresh = (
        Attendance.objects.select_related("session__course", "staff__agency")
        .filter(pk=attendance.pk)
        .first()
    )
    if fresh is not None:
        services.record_attendance(fresh)
