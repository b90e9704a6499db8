"""Logging sensitive reads: one call in each view that shows or hands out what a program must
be able to account for (a concern, its files, a confidential reporter, a roster, a CSV).

The view calls `record_sensitive_read` once it has decided to serve the read (after its
permission checks), so a refused request logs nothing and every logged read was served. The
row is one insert with no lookups: the page's query budget grows by exactly that insert.
"""

import ipaddress

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied

from ..models import SensitiveRead, SensitiveReadKind

MAX_PATH = 2000
MAX_LABEL = 255


def client_address(request) -> str | None:
    """The client's address as allauth sees it (so one proxy setting serves sign-in, rate
    limits, this log and sign-in history), or None when it is not a valid address."""
    try:
        raw = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def record_sensitive_read(*, actor, kind, request, obj=None, label="") -> SensitiveRead:
    """Log that `actor` read something sensitive: `kind` (a `SensitiveReadKind`), the object
    read (`obj`, named by `label` or its own string) and the request's path and address."""
    SensitiveReadKind(kind)  # a kind outside the list is a programming error
    return SensitiveRead.objects.create(
        reader=actor,
        kind=kind,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(label or (obj if obj is not None else ""))[:MAX_LABEL],
        path=request.get_full_path()[:MAX_PATH],
        client_address=client_address(request),
    )
