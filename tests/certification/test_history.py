"""History is append-only: no code path can change or remove a row once written."""

import pytest

from certification.models import HistoryEntry, HistoryIsAppendOnly
from tests.factories import make_national


def test_history_rows_cannot_be_updated_or_deleted(db):
    make_national()
    entry = HistoryEntry.objects.get()

    entry.details = {"tampered": True}
    with pytest.raises(HistoryIsAppendOnly):
        entry.save()
    with pytest.raises(HistoryIsAppendOnly):
        entry.delete()
    with pytest.raises(HistoryIsAppendOnly):
        HistoryEntry.objects.all().update(details={})
    with pytest.raises(HistoryIsAppendOnly):
        HistoryEntry.objects.all().delete()

    entry.refresh_from_db()
    assert entry.details != {"tampered": True}
    assert HistoryEntry.objects.count() == 1
