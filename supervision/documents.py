"""What a signed supervision record says, as plain data: the page and the PDF show it, and
a signature freezes it (peerwork/signatures.py). The work plan's text comes from
`supervision/wise_form.py` with the placeholders filled in; the toolkit's bracketed
instructions are guidance while writing and never part of the document. The form's text is
in the active language (`wise_form.text_in`); a signed copy keeps the text it was made with."""

from django.utils import formats
from django.utils.translation import gettext as _

from peerwork import pdf
from supervision import wise_form


def _date(value):
    return formats.date_format(value, "LONG_DATE_FORMAT") if value else ""


def _moment(value):
    return formats.date_format(value, "LONG_DATETIME_FORMAT") if value else ""


def placeholders(plan):
    date = formats.date_format(plan.hired_on, "LONG_DATE_FORMAT") if plan.hired_on else ""
    expires = formats.date_format(plan.expires_on, "LONG_DATE_FORMAT")
    name = plan.staff.preferred_name or plan.staff.full_name
    period = ""
    if plan.meeting_every_weeks:
        period = (
            _("week")
            if plan.meeting_every_weeks == 1
            else _("%(n)s weeks") % {"n": plan.meeting_every_weeks}
        )
    return {
        "NAME": name,
        "EMPLOYEE": name,
        "AGENCY": plan.agency.name,
        "DATE": date,
        "POSITION": plan.position,
        "PRIMARY DUTIES": plan.primary_duties.strip().rstrip("."),
        "LENGTH OF TIME": plan.length_of_time,
        "EXPIRATION DATE": expires,
        "TIME PERIOD": period,
        "NUMBER": str(plan.meeting_minutes or ""),
    }


def plan_sections(plan, form=None):
    """The form's sections with the placeholders filled and each answer (or field) beside
    its question, for the page, the edit form and the PDF."""
    values = placeholders(plan)
    text_in = wise_form.text_in
    sections = []
    for section in wise_form.SECTIONS:
        blocks = []
        for block in section["blocks"]:
            entry = dict(block)
            if "text" in block:
                entry["text"] = text_in(block["text"]) if block["text"] else ""
                entry["filled"] = wise_form.fill(entry["text"], values)
            if block["kind"] == "list":
                entry["filled_items"] = [wise_form.fill(text_in(i), values) for i in block["items"]]
            if "field" in block:
                value = getattr(plan, block["field"])
                if block["field"] == "background":
                    # The toolkit's paragraph as the plan started with it reads in the reader's
                    # language; once the manager tailored it, it is their own text.
                    if value == wise_form.BACKGROUND_DEFAULT:
                        value = text_in(value)
                    value = wise_form.fill(value, values)
                entry["value"] = value
                if form is not None and block["field"] in form.fields:
                    entry["bound"] = form[block["field"]]
            blocks.append(entry)
        sections.append(
            {
                **section,
                "title": text_in(section["title"]),
                "guidance": text_in(section["guidance"]) if section["guidance"] else "",
                "blocks": blocks,
            }
        )
    return sections


def signature_row(label, typed_name, signed_at, digest=""):
    """One line of a document's signatures: who (their role), the typed name, when, and the
    digest of the signed copy it made ("" for the signature being made: its copy carries its
    own digest at the foot)."""
    return {"label": str(label), "name": typed_name, "at": _moment(signed_at), "digest": digest}


def work_plan_snapshot(plan, signed):
    """The plan as the toolkit's form, in JSON types. `signed`: the signature lines, the
    employee's first then the manager's (see `services.work_plan_signature_rows`)."""
    sections = []
    for section in plan_sections(plan):
        blocks = []
        for block in section["blocks"]:
            kind = block["kind"]
            if kind == "guidance":
                continue
            entry = {"kind": kind}
            if kind == "list":
                entry["items"] = block["filled_items"]
            elif kind in ("text", "heading"):
                entry["text"] = block.get("filled", block["text"])
            elif kind in ("answer", "lead"):
                entry["text"] = block["filled"] if block["text"] else ""
                entry["value"] = block["value"] or ""
            blocks.append(entry)
        sections.append(
            {"numeral": section["numeral"], "title": section["title"], "blocks": blocks}
        )
    return {
        "title": wise_form.text_in(wise_form.FORM_TITLE),
        "labels": wise_form.labels_in(wise_form.HEADER_LABELS),
        "agency": plan.agency.name,
        "employee": plan.staff.full_name,
        "manager": plan.manager.full_name,
        "start": _date(plan.start_date),
        "end": _date(plan.expires_on),
        "topics": wise_form.topics_in(plan.topics),
        "sections": sections,
        "steps": [
            {"text": a.text, "owner": a.owner.full_name, "due": _date(a.due_on)}
            for a in plan.action_items.all()
        ],
        "meeting": {
            "day_label": wise_form.text_in(wise_form.MEETING_LABELS["day"]),
            "time_label": wise_form.text_in(wise_form.MEETING_LABELS["time"]),
            "day": plan.get_meeting_day_display() if plan.meeting_day is not None else "",
            "time": formats.time_format(plan.meeting_time, "g:i A") if plan.meeting_time else "",
        },
        "extensions": [
            {
                "from": _date(e.previous_expires_on),
                "to": _date(e.new_expires_on),
                "reason": e.reason,
            }
            for e in plan.extensions.all()
        ],
        "signatures": signed,
    }


def session_snapshot(session, participants, *, comments, signed):
    """A session as its participants read it: what a signature freezes. `comments`: the
    supervisees' comments that belong to the record ({participant pk: text}: a comment joins
    it when its writer acknowledges; until then it is theirs to change). `signed`: the
    signature lines of the current round."""
    return {
        "title": _("Supervision session"),
        "agency": session.agency.name,
        "date": _date(session.held_on),
        "time": formats.time_format(session.starts_at, "g:i A") if session.starts_at else "",
        "duration_minutes": session.duration_minutes,
        "format": session.get_format_display(),
        "mode": session.get_mode_display(),
        "observation": session.observation,
        "supervisor": session.supervisor.full_name,
        "topics": [t.label for t in session.topics.all()],
        "categories": [
            f"{c.numeral}. {c.title}" if c.numeral else c.title for c in session.categories.all()
        ],
        "notes": session.notes,
        "people": [
            {
                "name": p.staff.full_name,
                "duties": [
                    {"label": d.label, "scope": d.get_scope_display()} for d in p.duties.all()
                ],
                "outside_role": p.reported_outside_role,
                "comment": comments.get(p.pk, ""),
            }
            for p in participants
        ],
        "actions": [
            {"text": a.text, "owner": a.owner.full_name, "due": _date(a.due_on)}
            for a in session.action_items.all()
        ],
        "signatures": signed,
    }


# --- the PDFs: rendered from a snapshot alone, never from the database ------------------------


def render_session_pdf(snapshot, digest="", *, watermark=""):
    return pdf.render_pdf(
        "supervision/pdf/session.html",
        {"doc": snapshot, "digest": digest},
        title=f"{snapshot['title']}: {snapshot['date']}",
        author=snapshot["agency"],
        watermark=watermark,
    )


def render_work_plan_pdf(snapshot, digest="", *, watermark=""):
    return pdf.render_pdf(
        "supervision/pdf/workplan.html",
        {"doc": snapshot, "digest": digest},
        title=_("Collaborative work plan: %(name)s") % {"name": snapshot["employee"]},
        author=snapshot["agency"],
        watermark=watermark,
    )


def session_filename(session):
    return pdf.pdf_filename(
        "supervision", *(p.staff.full_name for p in session.participants.all()), session.held_on
    )


def work_plan_filename(plan):
    return pdf.pdf_filename("work-plan", plan.staff.full_name, str(plan.start_date))
