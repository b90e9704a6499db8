"""Lists as CSV: the same URL with `?format=csv` gives the rows the page lists, every page of
them, as a spreadsheet a program director can keep.

A list's view builds its rows from the very queryset it pages through (same scope, filters
and order), so the file can never hold a row the page would not show. Every cell goes
through `oversight/exports.csv_cell`, which puts a quote in front of anything a spreadsheet
would run as a formula (CSV injection). Nothing downloaded is cached: it names people, and
every download is logged as a sensitive read (who, when, which list and filters).
"""

import csv

from django.http import HttpResponse
from django.utils import timezone

from ...models import SensitiveReadKind
from ...services.sensitive_reads import record_sensitive_read
from ..oversight.exports import csv_cell

CSV_FORMAT = "csv"


def wants_csv(request) -> bool:
    """Whether the list was asked for as a file (`?format=csv`)."""
    return request.GET.get("format") == CSV_FORMAT


def csv_href(request) -> str:
    """The link to this list as CSV: the page's own filters, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = CSV_FORMAT
    return "?" + query.urlencode()


def csv_filename(stem: str) -> str:
    """`<stem>-<today>.csv`, e.g. `concerns-2026-11-27.csv`, so downloads sort by date."""
    return f"{stem}-{timezone.localdate().isoformat()}.csv"


def csv_response(request, filename: str, header, rows) -> HttpResponse:
    """A CSV download of `header` and `rows` (iterables of cells), each cell guarded, logged
    as a sensitive read of the person asking."""
    record_sensitive_read(
        actor=request.user, kind=SensitiveReadKind.CSV_EXPORTED, request=request, label=filename
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response
