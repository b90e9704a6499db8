"""History is append-only in the database itself (PostgreSQL): a trigger on every history,
timeline and read-log table refuses UPDATE and DELETE, even from raw SQL, so neither a bug
nor a shell session can rewrite what happened. The models refuse it in Python on every
database (`AppendOnlyModel`)."""

import datetime

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from certification.models import (
    RETENTION_REDACTED,
    CaseAction,
    CaseEvent,
    CertificationEvent,
    ConcernEvent,
    HistoryEntry,
    HistoryIsAppendOnly,
    SensitiveRead,
    SensitiveReadKind,
)
from certification.services.fidelity.concerns import concern_report
from certification.services.sensitive_reads import record_sensitive_read
from tests.factories import UserFactory, decertification_case

from .conftest import issue

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the append-only triggers exist on PostgreSQL only: runs in the PostgreSQL pass of CI",
)

APPEND_ONLY = (HistoryEntry, CertificationEvent, CaseEvent, ConcernEvent, SensitiveRead)


@pytest.fixture
def one_row_each(tree, program, trainee):
    """A row in every append-only table, written the ordinary way."""
    certification = issue(trainee, program, tree["cleveland"])
    concern_report(
        actor=None,
        certification=certification,
        category="boundaries",
        what_happened="Met a member alone.",
        happened_on=None,
        setting="group",
        reporter_email="worried@example.org",
    )
    case = decertification_case(
        certification, decided_by=UserFactory(), may_reenroll_on=datetime.date(2030, 1, 1)
    )
    CaseEvent.objects.create(case=case, action=CaseAction.OPENED, actor=trainee)
    request = RequestFactory().get("/fidelity/concerns/")
    record_sensitive_read(
        actor=trainee, kind=SensitiveReadKind.CSV_EXPORTED, request=request, label="x.csv"
    )
    for model in APPEND_ONLY:
        assert model.objects.exists(), model.__name__


@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda model: model.__name__)
def test_raw_update_and_delete_are_refused(model, one_row_each):
    table = connection.ops.quote_name(model._meta.db_table)
    before = list(model.objects.order_by("pk").values())
    statements = (
        f"UPDATE {table} SET created_at = created_at",
        f"DELETE FROM {table}",
    )
    for sql in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert list(model.objects.order_by("pk").values()) == before


def test_the_models_refuse_too(one_row_each):
    row = HistoryEntry.objects.first()
    with pytest.raises(HistoryIsAppendOnly):
        row.save()
    with pytest.raises(HistoryIsAppendOnly):
        HistoryEntry.objects.all().delete()


def test_a_case_timeline_allows_only_the_retention_marker_in_place_of_its_words(one_row_each):
    """The one change a case timeline row takes: its words replaced by the retention marker,
    every other column as it was. Any other text, or the marker with another change, is
    refused."""
    event = CaseEvent.objects.create(
        case=CaseEvent.objects.first().case,
        action=CaseAction.RESPONDED,
        actor=UserFactory(),
        text="What the facilitator wrote.",
    )
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    refused = (
        (f"UPDATE {table} SET text = %s WHERE id = %s", ["Something else", event.pk]),
        (
            f"UPDATE {table} SET text = %s, action = 'opened' WHERE id = %s",
            [RETENTION_REDACTED, event.pk],
        ),
        (
            f"UPDATE {table} SET text = %s, created_at = now() WHERE id = %s",
            [RETENTION_REDACTED, event.pk],
        ),
    )
    for sql, params in refused:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert CaseEvent.objects.get(pk=event.pk).text == "What the facilitator wrote."
    assert CaseEvent.objects.filter(pk=event.pk).redact_text() == 1
    event_after = CaseEvent.objects.get(pk=event.pk)
    assert event_after.text == RETENTION_REDACTED
    assert (event_after.action, event_after.actor_id, event_after.created_at) == (
        event.action,
        event.actor_id,
        event.created_at,
    )
