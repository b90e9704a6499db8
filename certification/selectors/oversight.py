"""Oversight dashboards: the numbers of one organization node, row by row, and the lists behind
them.

A dashboard shows the rows under one node: a row per state on the national dashboard, a row per
affiliate on a state's, a row per person on an affiliate's roster. Every number on it is the
length of one list (`oversight_list`): both are built from the same user-scoped querysets
(`certification/permissions.py`) and the same column filters (`column_filter`), so a number and
the list it links to cannot disagree.

Everything on a dashboard is what happened under its node: a person's certifications at another
affiliate are not on this affiliate's roster, and a person's latest observation score is that
of the latest session they led here.

Queries do not grow with the rows: each source (certifications, enrollments, concerns) is
counted in one GROUP BY query. Under the national node the group is the state, read from the
first two steps of the affiliate's materialized path (`Substr`), so 600 affiliates cost what 4
do.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..dates import today
from ..models import (
    OPEN_CONCERN_STATUSES,
    CertificationStatus,
    ConcernCategory,
    Enrollment,
    EnrollmentStatus,
    Organization,
    OrganizationKind,
)
from .observations import observation_rollup_for_people

EXPIRING_WITHIN_DAYS = 90

# The counted columns, in the order a dashboard shows them, with the source each one counts.
COLUMNS = (
    "active",
    "in_training",
    "ready",
    "not_yet_ready",
    "referred",
    "expiring",
    "suspended",
    "concerns",
)
# The columns counted from enrollments (one GROUP BY query for all of them).
ENROLLMENT_COLUMNS = ("in_training", "ready", "not_yet_ready", "referred")
COLUMN_SOURCE = {
    "active": "certifications",
    "in_training": "enrollments",
    "ready": "enrollments",
    "not_yet_ready": "enrollments",
    "referred": "enrollments",
    "expiring": "certifications",
    "suspended": "certifications",
    "concerns": "concerns",
    "observations": "observations",
}
# Every list a dashboard links to: the counted columns, and the observations behind the score.
LIST_COLUMNS = (*COLUMNS, "observations")

COLUMN_LABELS = {
    "active": _("Active facilitators"),
    "in_training": _("In training"),
    "ready": _("Ready for assessment"),
    "not_yet_ready": _("Not yet ready"),
    "referred": _("Referred to another role"),
    "expiring": _("Expiring within 90 days"),
    "suspended": _("Suspended or on leave"),
    "concerns": _("Open concerns"),
    "observations": _("Observations"),
}

# A list's own status filter narrows a column that counts more than one status.
LIST_STATUS_CHOICES = {
    "suspended": (
        (CertificationStatus.SUSPENDED.value, CertificationStatus.SUSPENDED.label),
        (CertificationStatus.ON_LEAVE.value, CertificationStatus.ON_LEAVE.label),
    ),
    "concerns": tuple((s.value, s.label) for s in OPEN_CONCERN_STATUSES),
}

# A dashboard sorts by name, by any counted column, by the oldest concern's age or the score.
SORT_KEYS = ("name", *COLUMNS, "oldest", "score")


def _enrolled_again() -> Exists:
    """Whether the person enrolled in the same program again after this enrollment.

    A trainee found not yet ready (or referred) who comes back is counted "in training" on
    the new enrollment; the old one then no longer counts, so no one is counted twice.
    """
    return Exists(
        Enrollment.objects.filter(
            person=OuterRef("person"),
            program=OuterRef("program"),
            enrolled_at__gt=OuterRef("enrolled_at"),
        )
    )


def column_filter(column: str, *, on: datetime.date | None = None) -> Q:
    """What a column counts, as a filter on its source: the one definition both the dashboard
    numbers and the lists use."""
    on = on or today()
    S = CertificationStatus
    filters = {
        "active": Q(status=S.ACTIVE),
        "expiring": Q(
            status=S.ACTIVE, expires_on__lte=on + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
        ),
        "suspended": Q(status__in=[S.SUSPENDED, S.ON_LEAVE]),
        "in_training": Q(status=EnrollmentStatus.IN_TRAINING),
        "ready": Q(status=EnrollmentStatus.READY_FOR_ASSESSMENT),
        "not_yet_ready": Q(status=EnrollmentStatus.NOT_YET_READY) & ~_enrolled_again(),
        "referred": Q(status=EnrollmentStatus.REFERRED) & ~_enrolled_again(),
        "concerns": Q(status__in=list(OPEN_CONCERN_STATUSES)),
        "observations": Q(),
    }
    return filters[column]


# --- the sources, scoped to a viewer, a node and a program ---------------------------------


def _program_id(program):
    return getattr(program, "pk", program)


def records_under(user, organization: Organization, source: str, program=None) -> QuerySet:
    """One source's rows that `user` may see under `organization`, in `program` if given."""
    if source == "certifications":
        queryset = permissions.certifications_visible_to(user)
    elif source == "enrollments":
        queryset = permissions.enrollments_visible_to(user)
    elif source == "concerns":
        queryset = permissions.concerns_visible_to(user)
    elif source == "observations":
        queryset = permissions.observations_visible_to(user)
    else:  # pragma: no cover - a programming error
        raise ValueError(source)
    queryset = queryset.filter(affiliate__path__startswith=organization.path)
    if program is not None:
        queryset = queryset.filter(program_id=_program_id(program))
    return queryset


_PERSON_FIELD = {
    "certifications": "person_id",
    "enrollments": "person_id",
    "concerns": "subject_id",
}


# --- the dashboard -------------------------------------------------------------------------


@dataclass
class OversightRow:
    """One row of a dashboard: a state, an affiliate or a person, with its numbers."""

    name: str
    organization: Organization | None = None
    person: object | None = None
    detail: str = ""
    is_active: bool = True
    counts: dict = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    oldest_concern_days: int | None = None
    latest_score: Decimal | None = None

    @property
    def key(self):
        return self.organization.path if self.organization else self.person.pk


@dataclass
class OversightTable:
    """A dashboard's rows, and the node's own totals (every row counted, none left out)."""

    organization: Organization
    row_kind: str  # "state", "affiliate" or "person"
    rows: list
    totals: OversightRow


def _row_kind(organization: Organization) -> str:
    return {
        OrganizationKind.NATIONAL: "state",
        OrganizationKind.STATE: "affiliate",
        OrganizationKind.AFFILIATE: "person",
    }[organization.kind]


def _count_by(queryset: QuerySet, group, measures: dict) -> dict:
    """`{group value: {measure: value}}` in one GROUP BY query."""
    rows = queryset.annotate(_group=group).values("_group").annotate(**measures).order_by()
    return {row.pop("_group"): row for row in rows}


def _age_in_days(received_at, on: datetime.date) -> int | None:
    if received_at is None:
        return None
    return (on - timezone.localdate(received_at)).days


def oversight_table(user, organization: Organization, program=None) -> OversightTable:
    """The rows of `organization`'s dashboard with their numbers, and the node's totals.

    Callers check `permissions.can_view_oversight` first. Five queries whatever the number of
    rows: one per source counted, one for the rows themselves, one for the node's latest
    observation.
    """
    on = today()
    kind = _row_kind(organization)
    certifications = records_under(user, organization, "certifications", program)
    enrollments = records_under(user, organization, "enrollments", program)
    concerns = records_under(user, organization, "concerns", program)
    observations = records_under(user, organization, "observations", program)

    if kind == "person":
        groups = {source: F(name) for source, name in _PERSON_FIELD.items()}
    else:
        # The row a certification belongs to: its affiliate's path cut to the row's depth.
        length = organization.steplen * (organization.depth + 1)
        groups = dict.fromkeys(_PERSON_FIELD, Substr("affiliate__path", 1, length))

    def counted(column):
        return Count("pk", filter=column_filter(column, on=on))

    by_certifications = _count_by(
        certifications,
        groups["certifications"],
        {c: counted(c) for c in ("active", "expiring", "suspended")},
    )
    by_enrollments = _count_by(
        enrollments, groups["enrollments"], {c: counted(c) for c in ENROLLMENT_COLUMNS}
    )
    by_concerns = _count_by(
        concerns.filter(column_filter("concerns")),
        groups["concerns"],
        {"concerns": Count("pk"), "oldest": Min("received_at")},
    )

    if kind == "person":
        rows = _person_rows(
            set(by_certifications) | set(by_enrollments) | set(by_concerns),
            observations,
            program,
        )
    else:
        rows = _organization_rows(organization, observations)

    totals = OversightRow(name=organization.name, organization=organization)
    for counts in (by_certifications, by_enrollments):
        for group_counts in counts.values():
            for column, value in group_counts.items():
                totals.counts[column] += value
    oldest = None
    for group_counts in by_concerns.values():
        totals.counts["concerns"] += group_counts["concerns"]
        if oldest is None or group_counts["oldest"] < oldest:
            oldest = group_counts["oldest"]
    totals.oldest_concern_days = _age_in_days(oldest, on)
    latest = observations.order_by("-observed_on", "-id").values("average_score").first()
    totals.latest_score = latest["average_score"] if latest else None

    for row in rows:
        for counts in (by_certifications, by_enrollments):
            row.counts.update(counts.get(row.key, {}))
        concern_counts = by_concerns.get(row.key)
        if concern_counts:
            row.counts["concerns"] = concern_counts["concerns"]
            row.oldest_concern_days = _age_in_days(concern_counts["oldest"], on)
    return OversightTable(organization=organization, row_kind=kind, rows=rows, totals=totals)


def _organization_rows(organization, observations) -> list:
    """The nodes directly under `organization`, each with its latest observation's score."""
    latest = observations.filter(affiliate__path__startswith=OuterRef("path")).order_by(
        "-observed_on", "-id"
    )
    children = (
        Organization.objects.filter(
            path__startswith=organization.path, depth=organization.depth + 1
        )
        .annotate(
            latest_score=Subquery(
                latest.values("average_score")[:1],
                output_field=DecimalField(max_digits=3, decimal_places=2),
            )
        )
        .order_by("name")
    )
    return [
        OversightRow(
            name=child.name,
            organization=child,
            detail=child.short_code,
            is_active=child.is_active,
            latest_score=_two_places(child.latest_score),
        )
        for child in children
    ]


def _two_places(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _person_rows(person_ids, observations, program) -> list:
    """The people on an affiliate's roster, each with the score of the latest session they led
    there (one query for the people, one for the scores)."""
    User = get_user_model()
    people = list(User.objects.filter(pk__in=person_ids).order_by("full_name", "email"))
    rollups = observation_rollup_for_people(
        [person.pk for person in people], program, within=observations
    )
    return [
        OversightRow(
            name=person.full_name or person.email,
            person=person,
            detail=person.email,
            is_active=person.is_active,
            latest_score=rollups[person.pk]["latest"],
        )
        for person in people
    ]


def filter_rows(rows, status: str | None):
    """The rows with something in column `status` (every row when empty)."""
    if not status:
        return list(rows)
    return [row for row in rows if row.counts.get(status)]


def sort_rows(rows, sort: str | None):
    """Rows sorted by `sort` (a key of SORT_KEYS, `-` first for descending); a row without a
    value (never observed, no open concern) goes last either way. Ties keep name order."""
    sort = sort or "name"
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, descending = "name", False
    by_name = sorted(rows, key=lambda row: (row.name.casefold(), str(row.key)))
    if key == "name":
        return list(reversed(by_name)) if descending else by_name

    def value(row):
        if key == "oldest":
            return row.oldest_concern_days
        if key == "score":
            return row.latest_score
        return row.counts[key]

    present = [row for row in by_name if value(row) is not None]
    missing = [row for row in by_name if value(row) is None]
    present.sort(key=value, reverse=descending)
    return present + missing


# --- the lists behind the numbers ----------------------------------------------------------


def oversight_list(
    user, organization: Organization, column: str, program=None, status=None, person=None
) -> QuerySet:
    """What one dashboard number counts: certifications, enrollments, concerns (or, behind a
    score, observations) under `organization` that `user` may see.

    `status` narrows a column that counts several statuses (see LIST_STATUS_CHOICES; anything
    else is ignored); `person` (a person or an id) keeps one person's rows, as behind a number
    on an affiliate's roster. Raises KeyError for an unknown column.
    """
    source = COLUMN_SOURCE[column]
    queryset = records_under(user, organization, source, program).filter(column_filter(column))
    allowed = {value for value, _label in LIST_STATUS_CHOICES.get(column, ())}
    if status and status in allowed:
        queryset = queryset.filter(status=status)
    if person is not None:
        person_id = getattr(person, "pk", person)
        if source == "observations":
            queryset = queryset.filter(facilitators=person_id)
        else:
            queryset = queryset.filter(**{_PERSON_FIELD[source]: person_id})
    if source == "certifications":
        order = ("expires_on", "person__full_name", "pk") if column == "expiring" else None
        return queryset.select_related("person", "program", "affiliate").order_by(
            *(order or ("person__full_name", "program__title", "pk"))
        )
    if source == "enrollments":
        return queryset.select_related("person", "program", "affiliate").order_by(
            "person__full_name", "program__title", "pk"
        )
    if source == "concerns":
        return queryset.select_related("subject", "program", "affiliate").order_by(
            "received_at", "pk"
        )
    return (
        queryset.select_related("program", "affiliate")
        .prefetch_related("facilitators")
        .order_by("-observed_on", "-pk")
    )


def list_source(column: str) -> str:
    """Which kind of record a column's list holds."""
    return COLUMN_SOURCE[column]


# --- charts --------------------------------------------------------------------------------


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def certification_months(user, organization: Organization, program=None) -> dict:
    """Certifications issued in each of the last 12 months (this one included), and active
    certifications expiring in each of the next 12 (this one included). Two queries."""
    this_month = today().replace(day=1)
    first_issued = _add_months(this_month, -11)
    after_expiring = _add_months(this_month, 12)
    certifications = records_under(user, organization, "certifications", program)

    def per_month(queryset, date_field):
        rows = (
            queryset.annotate(month=TruncMonth(date_field))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {row["month"]: row["count"] for row in rows}

    issued = per_month(
        certifications.filter(
            issued_on__gte=first_issued, issued_on__lt=_add_months(this_month, 1)
        ),
        "issued_on",
    )
    expiring = per_month(
        certifications.filter(
            status=CertificationStatus.ACTIVE,
            expires_on__gte=this_month,
            expires_on__lt=after_expiring,
        ),
        "expires_on",
    )

    def month_key(value):
        return value.date() if isinstance(value, datetime.datetime) else value

    issued = {month_key(month): count for month, count in issued.items()}
    expiring = {month_key(month): count for month, count in expiring.items()}
    return {
        "issued": [
            (month, issued.get(month, 0))
            for month in (_add_months(first_issued, i) for i in range(12))
        ],
        "expiring": [
            (month, expiring.get(month, 0))
            for month in (_add_months(this_month, i) for i in range(12))
        ],
    }


def open_concerns_by_category(user, organization: Organization, program=None) -> list:
    """`[(category, label, count)]` of the open concerns under `organization`, every category
    listed (zero included), in the order the report form offers them. One query."""
    rows = (
        records_under(user, organization, "concerns", program)
        .filter(column_filter("concerns"))
        .values("category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["category"]: row["count"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in ConcernCategory.choices]


__all__ = [
    "COLUMNS",
    "COLUMN_LABELS",
    "EXPIRING_WITHIN_DAYS",
    "LIST_COLUMNS",
    "LIST_STATUS_CHOICES",
    "SORT_KEYS",
    "OversightRow",
    "OversightTable",
    "certification_months",
    "column_filter",
    "filter_rows",
    "list_source",
    "records_under",
    "open_concerns_by_category",
    "oversight_list",
    "oversight_table",
    "sort_rows",
]
