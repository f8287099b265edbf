"""Roster spreadsheets for tests: a 40-person agency with reporting lines, as CSV or XLSX."""

import csv
import io

import openpyxl

HEADERS = [
    "Employee number",
    "Full name",
    "Preferred name",
    "Pronouns",
    "Email",
    "Position",
    "Program",
    "Supervisor",
    "Peer or non-peer",
    "Employee or volunteer",
    "Start date",
]


def roster_rows(count=40, program="Adult Peer Support", program2="Youth Drop-In"):
    """Person 1 is the director; persons 2-5 report to them; everyone else to one of 2-5."""
    rows = []
    for n in range(1, count + 1):
        if n == 1:
            supervisor = ""
        elif n <= 5:
            supervisor = "E0001"
        else:
            supervisor = f"E{2 + n % 4:04d}"
        rows.append(
            {
                "Employee number": f"E{n:04d}",
                "Full name": f"Person Number{n}",
                "Preferred name": "Sam" if n == 7 else "",
                "Pronouns": "they/them" if n % 3 == 0 else "",
                "Email": f"person{n}@riverbend.example",
                "Position": "Program Director" if n == 1 else "Peer Support Specialist",
                "Program": program if n % 2 else program2,
                "Supervisor": supervisor,
                "Peer or non-peer": "non-peer" if n <= 5 else "peer",
                "Employee or volunteer": "volunteer" if n % 10 == 0 else "employee",
                "Start date": f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}",
            }
        )
    return rows


def as_csv(rows, headers=HEADERS, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def as_xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
