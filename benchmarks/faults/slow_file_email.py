"""A mail server for the fault scripts: each message is written to a folder, slowly.

FAULT_EMAIL_DIR is the folder. For each message the backend first leaves a note in
`sending/` (the SMTP conversation has begun), waits FAULT_EMAIL_DELAY seconds, writes the
message to `delivered/` (the server accepted it), then waits FAULT_EMAIL_DELAY_AFTER seconds
before returning (the narrow window between the server's acceptance and the task's commit,
widened so a script can kill the worker inside it).
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["FAULT_EMAIL_DIR"])
        before = float(os.environ.get("FAULT_EMAIL_DELAY", "0"))
        after = float(os.environ.get("FAULT_EMAIL_DELAY_AFTER", "0"))
        (folder / "sending").mkdir(parents=True, exist_ok=True)
        (folder / "delivered").mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            raw = message.message().as_bytes()
            name = f"{time.time():.6f}-{os.getpid()}-{uuid.uuid4().hex[:8]}.eml"
            (folder / "sending" / name).write_bytes(raw)
            time.sleep(before)
            (folder / "delivered" / name).write_bytes(raw)
            time.sleep(after)
        return len(email_messages)
