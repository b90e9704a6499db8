"""Which tables a request wrote to and kept: the "nothing half-saved" half of form fuzzing.

`WriteWatch` wraps every SQL statement Django runs (`connection.execute_wrapper`) and notes
each INSERT, UPDATE and DELETE by table. Savepoints are followed: writes made inside an atomic
block that was rolled back are forgotten, since the database forgot them too. What is left
when the request ends is what it kept.
"""

import re

from django.db import connection

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
_SAVEPOINT = re.compile(r'^\s*SAVEPOINT\s+"?(\w+)"?', re.IGNORECASE)
_ROLLBACK_TO = re.compile(r'^\s*ROLLBACK\s+TO\s+SAVEPOINT\s+"?(\w+)"?', re.IGNORECASE)
_RELEASE = re.compile(r'^\s*RELEASE\s+SAVEPOINT\s+"?(\w+)"?', re.IGNORECASE)


class WriteWatch:
    """Use as a context manager around one request; `kept` is then the tables written to."""

    def __init__(self):
        # One frame per open savepoint: (its name, the writes made since it opened).
        self._frames: list[tuple[str | None, list[str]]] = [(None, [])]

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        self._note(sql)
        return result

    def _note(self, sql: str) -> None:
        if written := _WRITE.match(sql):
            self._frames[-1][1].append(written.group(1))
        elif opened := _SAVEPOINT.match(sql):
            self._frames.append((opened.group(1), []))
        elif undone := _ROLLBACK_TO.match(sql):
            name = undone.group(1)
            while len(self._frames) > 1 and self._frames[-1][0] != name:
                self._frames.pop()
            if len(self._frames) > 1:
                self._frames[-1] = (name, [])
        elif released := _RELEASE.match(sql):
            name = released.group(1)
            kept = []
            while len(self._frames) > 1:
                frame_name, writes = self._frames.pop()
                kept = writes + kept
                if frame_name == name:
                    break
            self._frames[-1][1].extend(kept)

    @property
    def kept(self) -> set[str]:
        return {table for _name, writes in self._frames for table in writes}
