"""Two requests at the same moment, for the PostgreSQL race tests (`test_races_*.py`).

`at_once` runs each call in its own thread, so on its own database connection, and a barrier
releases them together: what two people clicking at the same moment, or the sweep meeting a
person, look like to the database. `held_up` widens the moment between a service's reads and
its writes (a short pause inside it), so the interleaving that a missing lock would get
wrong happens on every run instead of by luck.
"""

import datetime
import threading
import time
import zoneinfo

import time_machine
from django.conf import settings
from django.db import connection

JOIN_TIMEOUT = 20  # seconds; a thread still running after this is a hang, not a slow test


def at(day: datetime.date, hour: int = 10):
    """The clock standing still on `day` at `hour` in the site's time zone (every thread
    sees it: time-machine patches the process's clock)."""
    moment = datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    return time_machine.travel(moment, tick=False)


def at_once(*calls) -> list:
    """Run every call at the same moment, each in its own thread and connection.

    Returns one outcome per call, in order: what the call returned, or the exception it
    raised (never re-raised, so the test can say which errors are acceptable).
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - returned to the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a call never finished"
    return outcomes


def errors(outcomes) -> list[Exception]:
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]


def successes(outcomes) -> list:
    return [outcome for outcome in outcomes if not isinstance(outcome, Exception)]


def messages(error) -> str:
    """The words a person would be shown for a domain error."""
    return " ".join(getattr(error, "messages", [str(error)]))


def held_up(monkeypatch, owner, name: str, seconds: float = 0.3):
    """Make `owner.name` (a module's function, a manager's method) pause before it runs:
    placed after a service's lock and reads, it keeps the first caller inside its transaction
    long enough for the other one to arrive."""
    original = getattr(owner, name)

    def slowly(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, slowly)
