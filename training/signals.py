"""Signals other apps listen to (credentials credits continuing-education hours from them).

`attendance_recorded` is sent once the transaction commits, each time an Attendance is saved
(recorded or changed): `sender=Attendance, attendance=<Attendance>`.
"""

import django.dispatch

attendance_recorded = django.dispatch.Signal()
