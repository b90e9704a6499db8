"""How long the roster PDF takes for a large affiliate: `uv run python benchmarks/roster_pdf.py`.

Renders `certification.pdf.roster_pdf` (a pure function from data to bytes) for 500 people, as
a program director would print it, and prints the seconds taken, the number of pages and the
size. No database: the rows are made up here. Pass another number of rows as the first
argument (`... roster_pdf.py 2000`).
"""

import datetime
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from certification.pdf import roster_pdf  # noqa: E402

COLUMN_LABELS = [
    "Active facilitators",
    "In training",
    "Ready for assessment",
    "Expiring within 90 days",
    "Suspended or on leave",
    "Open concerns",
]


def rows(count):
    for index in range(count):
        yield {
            "name": f"Person {index:04} Example-Lastname",
            "email": f"person{index:04}@example.org",
            "certifications": [
                {
                    "program": "Peer Mentor",
                    "number": f"ABCD-EFGH-{index:03}",
                    "status": "Active",
                    "valid_through": datetime.date(2027, 1, 2),
                }
            ]
            if index % 3
            else [],
            "enrollments": ["Support Group Facilitator · In training"] if index % 4 == 0 else [],
            "numbers": [index % 3 != 0, index % 4 == 0, 0, index % 10 == 0, 0, index % 25 == 0],
            "oldest_concern_days": 12 if index % 25 == 0 else None,
            "latest_score": Decimal("3.75") if index % 5 == 0 else None,
        }


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    data = [{**row, "numbers": [int(n) for n in row["numbers"]]} for row in rows(count)]
    totals = {
        "name": "All",
        "email": "",
        "certifications": [],
        "enrollments": [],
        "numbers": [sum(row["numbers"][i] for row in data) for i in range(len(COLUMN_LABELS))],
        "oldest_concern_days": 12,
        "latest_score": Decimal("3.75"),
    }

    def render(rows):
        started = time.perf_counter()
        content = roster_pdf(
            organization_name="Cleveland Peer Support",
            state_name="Peer Support Ohio",
            program_title="",
            printed_on=datetime.date.today(),
            rows=rows,
            totals=totals,
            column_labels=COLUMN_LABELS,
        )
        return content, time.perf_counter() - started

    # The first PDF of a process also pays for loading fonts and WeasyPrint's own start.
    _content, cold = render(data[:1])
    content, seconds = render(data)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(content)).pages)
    print(f"first PDF of the process (1 row): {cold:.2f} s")
    print(f"roster_pdf: {count} rows, {pages} pages, {len(content) // 1024} KiB, {seconds:.2f} s")


if __name__ == "__main__":
    main()
