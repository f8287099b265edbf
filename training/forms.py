import datetime
import hashlib
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork import limits, once
from training.models import AttendanceStatus, Session, TrainingRequirement

TIME_ERROR = _("Enter a time as hours:minutes, for example 09:30.")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def time_field(label, **kwargs):
    return forms.TimeField(
        label=label,
        widget=TimeInput(),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": TIME_ERROR},
        **kwargs,
    )


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class SessionForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.ModelForm):
    course = CourseChoiceField(label=_("Course"), queryset=None)
    start_date = limits.date_field(limits.SCHEDULED, _("Date"))
    start_time = time_field(_("Starts at"))
    end_date = limits.date_field(
        limits.SCHEDULED,
        _("Last day"),
        required=False,
        help_text=_("For a course of several days; empty for a one-day session."),
    )
    end_time = time_field(_("Ends at"))
    online_url = forms.URLField(
        label=_("Online link"), required=False, max_length=500, assume_scheme="https"
    )
    trainer = StaffChoiceField(
        label=_("Trainer on staff"),
        queryset=None,
        required=False,
        help_text=_("A staff trainer can take attendance."),
    )

    class Meta:
        model = Session
        fields = [
            "course",
            "location",
            "online_url",
            "trainer",
            "trainer_name",
            "capacity",
            "minimum",
            "hours",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        # text limits: the model's lengths; notes (a TextField) get limits.COMMENT
        help_texts = {
            "capacity": _("Filled in from the course’s attendance maximum."),
            "minimum": _("Filled in from the course’s attendance minimum."),
            "hours": _("What a full attendance credits; filled in from the course."),
        }

    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, courses, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_revision"].initial = self.instance.revision
        self.fields["course"].queryset = courses
        self.fields["trainer"].queryset = staff
        self.fields["capacity"].required = False
        self.fields["hours"].required = False
        self.fields["location"].help_text = _("Where it meets; or give an online link, or both.")
        session = self.instance
        if session.pk:
            start = timezone.localtime(session.starts_at)
            end = timezone.localtime(session.ends_at)
            self.initial.update(
                start_date=start.date(),
                start_time=start.time().replace(second=0, microsecond=0),
                end_date=end.date() if end.date() != start.date() else None,
                end_time=end.time().replace(second=0, microsecond=0),
            )

    def clean(self):
        data = super().clean()
        course = data.get("course")
        start_date, start_time = data.get("start_date"), data.get("start_time")
        end_time = data.get("end_time")
        if start_date and start_time and end_time:
            end_date = data.get("end_date") or start_date
            starts_at = timezone.make_aware(datetime.datetime.combine(start_date, start_time))
            ends_at = timezone.make_aware(datetime.datetime.combine(end_date, end_time))
            if ends_at <= starts_at:
                self.add_error("end_time", _("The session must end after it starts."))
            if end_date > start_date + datetime.timedelta(days=31):
                self.add_error("end_date", _("A session lasts at most a month."))
            self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        if not data.get("location", "").strip() and not data.get("online_url"):
            self.add_error("location", _("Give the place, an online link, or both."))
        if data.get("trainer") and data.get("trainer_name", "").strip():
            self.add_error(
                "trainer_name", _("Choose a trainer on staff or name an outside trainer, not both.")
            )
        if course is not None:
            if data.get("capacity") is None:
                data["capacity"] = course.attendance_max
                if data["capacity"] is None:
                    self.add_error("capacity", _("This course has no maximum: give the seats."))
            if data.get("minimum") is None and not self.instance.pk:
                data["minimum"] = course.attendance_min
            if data.get("hours") is None:
                data["hours"] = course.hours
            capacity = data.get("capacity")
            if capacity and course.attendance_max and capacity > course.attendance_max:
                self.add_error(
                    "capacity",
                    _("The course takes at most %(max)s people.") % {"max": course.attendance_max},
                )
            minimum = data.get("minimum")
            if minimum and capacity and minimum > capacity:
                self.add_error("minimum", _("The minimum must not be above the seats."))
        return data


class PersonForm(limits.LimitsFormMixin, forms.Form):
    """Whom to enroll (HR) or to ask a seat for (the person or their supervisor)."""

    staff = StaffChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = people


def attendance_fingerprint(enrollments):
    """What the saved attendance of these enrollments is, as a short comparable text."""
    marks = []
    for enrollment in enrollments:
        record = getattr(enrollment, "attendance", None)
        if record is not None:
            marks.append(f"{enrollment.pk}:{record.status}:{record.hours_credited}")
    return hashlib.sha256(";".join(marks).encode()).hexdigest()[:32]


class AttendanceForm(limits.LimitsFormMixin, forms.Form):
    """One status and (for partial attendance) hours per enrolled person.

    `seen` is what the saved attendance was when the page was opened: if someone else (the
    trainer and HR at once) saved in between, nothing is saved and the person is told; their
    marks stay in the form, and saving again applies them."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, session, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.current = attendance_fingerprint(enrollments)
        self.fields["seen"].initial = self.current
        self.rows = []
        for enrollment in enrollments:
            record = getattr(enrollment, "attendance", None)
            name = enrollment.staff.display_name
            status = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": name},
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=record.status if record else None,
            )
            hours = forms.DecimalField(
                label=_("Hours attended by %(name)s") % {"name": name},
                required=False,
                min_value=Decimal("0.25"),
                max_digits=5,
                decimal_places=2,
                initial=record.hours_credited
                if record and record.status == AttendanceStatus.PARTIAL
                else None,
                help_text=_("For partial attendance only."),
            )
            self.fields[f"status_{enrollment.pk}"] = status
            self.fields[f"hours_{enrollment.pk}"] = hours
            self.rows.append((enrollment, f"status_{enrollment.pk}", f"hours_{enrollment.pk}"))

    def row_fields(self):
        return [
            {"enrollment": e, "status": self[status], "hours": self[hours]}
            for e, status, hours in self.rows
        ]

    def clean(self):
        data = super().clean()
        if data.get("seen") != self.current:
            self.data = self.data.copy()
            self.data["seen"] = self.current
            raise forms.ValidationError(
                _(
                    "Someone else saved attendance for this session after you opened this "
                    "page. Nothing was saved. Your marks are still below: check them against "
                    "the session page, then save again to apply them."
                ),
                code="conflict",
            )
        marks = {}
        for enrollment, status_name, hours_name in self.rows:
            status, hours = data.get(status_name), data.get(hours_name)
            if not status:
                if getattr(enrollment, "attendance", None) is not None:
                    self.add_error(status_name, _("Attendance was recorded: choose one."))
                continue
            if status == AttendanceStatus.PARTIAL:
                if hours is None:
                    self.add_error(hours_name, _("Give the hours attended."))
                    continue
                if hours >= self.session.hours:
                    self.add_error(
                        hours_name,
                        _("Partial hours must be fewer than the session’s %(hours)s.")
                        % {"hours": self.session.hours},
                    )
                    continue
            marks[enrollment] = (status, hours)
        self.marks = marks
        return data


class RequirementForm(once.OnceFormMixin, limits.LimitsFormMixin, forms.ModelForm):
    course = CourseChoiceField(label=_("Course"), queryset=None)

    class Meta:
        model = TrainingRequirement
        fields = ["course", "position_title", "program", "every_months", "due_within_days"]

    def __init__(self, *args, courses, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["program"].queryset = programs
        self.fields["program"].help_text = _("Everyone in this program (leave empty for any).")

    def clean(self):
        data = super().clean()
        if not data.get("position_title", "").strip() and not data.get("program"):
            raise forms.ValidationError(_("Name a position title, a program, or both."))
        return data
