"""A concern filed with files while the attachment store is full, read-only or missing.

    .venv/bin/python benchmarks/faults/attachment_store_full.py

Production settings on a scratch SQLite database (in a temporary folder), the signed-in
concern form through Django's test client, a report with two files (20 KB and 30 KB). The
private store (PRIVATE_MEDIA_ROOT) is, in turn:

- writable (the control: the report is filed with both files);
- a path whose parent is a regular file (ENOTDIR: nothing can be created there; as root,
  permissions cannot stand in for this, root ignores them);
- a 64 KB tmpfs already holding 24 KB (ENOSPC: the first file fits, the second fills the disk
  half way through);
- a read-only tmpfs (EROFS).

For each the script prints the response and counts what was written: concerns, timeline rows,
attachment rows, queued emails, files in the store. The tmpfs cases need `mount` (root in a
container that allows it); without it they are skipped, and say so.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.faults.common import (  # noqa: E402
    PYTHON,
    fault_env,
    prepare,
    say,
    seed,
    start_django,
    verdict,
)

STORE_FAILED = "We could not store the attached files, so nothing was saved."
PDF = b"%PDF-1.4\n" + b"%" * (20 * 1024) + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * (30 * 1024)


def files_in(root: Path):
    try:
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    except OSError:
        return []


def file_a_report():
    """In the child process: file one report with two files and report what happened."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from certification.forms.fidelity.concerns import new_submission_token
    from certification.models import Certification, Concern, ConcernAttachment, ConcernEvent
    from lms.models import User

    root = Path(os.environ["PRIVATE_MEDIA_ROOT"])
    models = {
        "concerns": Concern,
        "timeline rows": ConcernEvent,
        "attachment rows": ConcernAttachment,
        "queued emails": DBTaskResult,
    }
    # Watch the store: which files were written, and which removed again.
    storage = ConcernAttachment._meta.get_field("file").storage
    saved, removed = [], []
    real_save, real_delete = storage._save, storage.delete

    def save(name, content):
        saved.append(name)  # counted before writing: a half-written file counts too
        return real_save(name, content)

    def delete(name):
        removed.append(name)
        return real_delete(name)

    storage._save, storage.delete = save, delete
    before = {name: model.objects.count() for name, model in models.items()}
    files_before = files_in(root)
    client = Client()
    client.force_login(User.objects.get(email="reporter0@example.org"))
    number = Certification.objects.get().number
    response = client.post(
        f"/fidelity/concerns/new/?certificate={number}",
        {
            "category": "boundaries",
            "what_happened": "Gave a member her home address.",
            "setting": "one_to_one",
            "submission_token": new_submission_token(),
            "attachments": [
                SimpleUploadedFile("notes.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("photo.png", PNG, "image/png"),
            ],
        },
    )
    body = response.content.decode()
    print(
        json.dumps(
            {
                "status": response.status_code,
                "location": response.get("Location", ""),
                "message shown": STORE_FAILED in body,
                "written": {
                    name: model.objects.count() - before[name] for name, model in models.items()
                },
                "files begun": len(saved),
                "files removed": len(removed),
                "files before": len(files_before),
                "files after": len(files_in(root)),
            }
        )
    )


def mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True
    )
    if result.returncode:
        say(f"  mount -t tmpfs failed here ({result.stderr.strip()}): case skipped")
    return result.returncode == 0


def run_case(env, name, root: Path, expect_filed: bool):
    result = subprocess.run(
        [PYTHON, __file__, "--file-a-report"],
        env={**env, "PRIVATE_MEDIA_ROOT": str(root)},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        say(f"  {name}: the child failed:\n{result.stderr[-2000:]}")
        return False
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    written = outcome["written"]
    if expect_filed:
        ok = (
            outcome["status"] == 302
            and written["concerns"] == 1
            and written["attachment rows"] == 2
        )
        ok = ok and outcome["files after"] - outcome["files before"] == 2
    else:
        ok = outcome["status"] == 400 and outcome["message shown"]
        ok = ok and not any(written.values())
        ok = ok and outcome["files after"] == outcome["files before"]
    say(f"  {verdict(ok)} {name}")
    say(
        f"      response {outcome['status']} {outcome['location']}"
        f"{'  message: “' + STORE_FAILED + '”' if outcome['message shown'] else ''}"
    )
    rows = ", ".join(f"{n} {k}" for k, n in written.items())
    say(
        f"      written: {rows}; files begun {outcome['files begun']}, removed again "
        f"{outcome['files removed']}; files in the store {outcome['files before']} -> "
        f"{outcome['files after']}"
    )
    if any(line.startswith("Could not store") for line in result.stderr.splitlines()):
        say(
            "      the operator's log: "
            + next(
                line for line in result.stderr.splitlines() if line.startswith("Could not store")
            )
        )
    return ok


def main():
    say("Fault: the attachment store is full, read-only or missing while a concern is filed")
    work = Path(tempfile.mkdtemp(prefix="trellis-fault-store-"))
    env = fault_env(f"sqlite:///{work / 'db.sqlite3'}", FAULT_EMAIL_DIR=work / "mail")
    say(f"  scratch database {work / 'db.sqlite3'}")
    prepare(env)
    start_django({**env, "PRIVATE_MEDIA_ROOT": str(work / "unused")})
    seed(reporters=1)

    results = [run_case(env, "writable store (control)", work / "private", expect_filed=True)]

    blocker = work / "a-regular-file"
    blocker.write_text("not a folder")
    results.append(run_case(env, "parent is a regular file (ENOTDIR)", blocker / "private", False))

    full = work / "full"
    if mount_tmpfs(full, "size=64k"):
        try:
            (full / "already-here.bin").write_bytes(b"\0" * (24 * 1024))
            stat = os.statvfs(full)
            say(f"  tmpfs of 64 KB, {stat.f_bavail * stat.f_frsize // 1024} KB free")
            results.append(run_case(env, "disk full (ENOSPC)", full, False))
            leftover = [name for name in files_in(full) if name != "already-here.bin"]
            say(f"      files left on the full disk besides the filler: {leftover or 'none'}")
        finally:
            subprocess.run(["umount", str(full)], check=False)

    read_only = work / "read-only"
    if mount_tmpfs(read_only, "size=64k,ro"):
        try:
            results.append(run_case(env, "read-only disk (EROFS)", read_only, False))
        finally:
            subprocess.run(["umount", str(read_only)], check=False)

    ok = all(results)
    say(
        f"{verdict(ok)} attachment store faults: {sum(results)} of {len(results)} cases as expected"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    if "--file-a-report" in sys.argv:
        start_django(os.environ.copy())
        file_a_report()
    else:
        sys.exit(main())
