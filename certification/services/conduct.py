"""Codes of conduct: drafting, publishing and signing.

A published version is never edited, only superseded by a newer one. Signing binds a person
to the exact text they were shown, and happens once per person and version.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..errors import DomainError
from ..models import (
    OPEN_ENROLLMENT_STATUSES,
    Certification,
    CertificationStatus,
    CodeOfConduct,
    ConductSignature,
    Enrollment,
    HistoryAction,
    HistoryEntry,
    caused_by,
    text_sha256,
)
from ..tasks import notify

MAX_USER_AGENT = 400


def _require_national_staff(actor):
    if actor is not None and not permissions.can_manage_codes_of_conduct(actor):
        raise PermissionDenied(_("Only national staff manage codes of conduct."))


@transaction.atomic
def conduct_draft(*, actor, program, title: str, text: str, grace_days: int = 30):
    """Start a new version of a program's code of conduct, numbered after the last one."""
    _require_national_staff(actor)
    if not text.strip():
        raise DomainError({"text": _("Write the text of the code of conduct.")})
    last = CodeOfConduct.objects.filter(program=program).aggregate(v=Max("version"))["v"] or 0
    return CodeOfConduct.objects.create(
        program=program, version=last + 1, title=title.strip(), text=text, grace_days=grace_days
    )


@transaction.atomic
def conduct_update_draft(*, actor, code: CodeOfConduct, **changes) -> CodeOfConduct:
    """Change a draft. A published version is fixed: write a new version instead."""
    _require_national_staff(actor)
    code = CodeOfConduct.objects.select_for_update().get(pk=code.pk)
    if code.is_published:
        raise DomainError(
            _("Version %(version)s is published and cannot be changed. Start a new version.")
            % {"version": code.version}
        )
    unknown = set(changes) - {"title", "text", "grace_days"}
    if unknown:
        raise DomainError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    for field, value in changes.items():
        setattr(code, field, value)
    code.save(update_fields=list(changes))
    return code


@transaction.atomic
def conduct_publish(*, actor, code: CodeOfConduct, system_cause="") -> CodeOfConduct:
    """Publish a draft: from now on it is the version people sign, and its text is fixed.

    National staff publish (`actor`); set-up data names its job instead (`system_cause`).
    """
    cause = caused_by(actor, system_cause)
    _require_national_staff(actor)
    code = CodeOfConduct.objects.select_for_update().get(pk=code.pk)
    if code.is_published:
        raise DomainError(_("This version is already published."))
    newer = CodeOfConduct.objects.published().filter(program=code.program, version__gt=code.version)
    if newer.exists():
        raise DomainError(_("A newer version is already published; publish a new version instead."))
    code.published_at = timezone.now()
    code.published_by = actor
    code.text_sha256 = text_sha256(code.text)
    code.save(update_fields=["published_at", "published_by", "text_sha256"])
    HistoryEntry.objects.create(
        action=HistoryAction.CONDUCT_PUBLISHED,
        **cause,
        details={"code_id": code.pk, "program_id": code.program_id, "version": code.version},
    )
    holders = _ask_facilitators_to_sign(code)
    _tell_trainees(code, already_told=holders)
    return code


def _ask_facilitators_to_sign(code) -> set[int]:
    """Email every active facilitator of the program that a new version awaits their signature;
    return who was emailed."""
    deadline = code.published_at + datetime.timedelta(days=code.grace_days)
    path = reverse("certification:conduct_detail", args=[code.program.slug])
    holders = (
        Certification.objects.filter(program_id=code.program_id, status=CertificationStatus.ACTIVE)
        .select_related("person")
        .order_by("person_id")
    )
    for certification in holders:
        notify(
            to=[certification.person.email],
            subject=_("Please sign the new code of conduct"),
            template="certification/email/conduct_to_sign.txt",
            context={
                "person_name": certification.person.full_name,
                "program": code.program.title,
                "version": code.version,
                "deadline": deadline,
                "path": path,
            },
        )
    return {certification.person_id for certification in holders}


def _tell_trainees(code, *, already_told):
    """Email everyone training in the program that its code is ready to sign.

    A program without a published code tells its trainees they will be emailed when it has
    one; this keeps that promise, and tells them again when a newer version replaces the one
    they may have signed.
    """
    path = reverse("certification:conduct_detail", args=[code.program.slug])
    enrollments = (
        Enrollment.objects.filter(program_id=code.program_id, status__in=OPEN_ENROLLMENT_STATUSES)
        .exclude(person_id__in=already_told)
        .select_related("person")
        .order_by("person_id")
    )
    for enrollment in enrollments:
        notify(
            to=[enrollment.person.email],
            subject=_("Your code of conduct is ready to sign"),
            template="certification/email/conduct_published.txt",
            context={
                "person_name": enrollment.person.full_name,
                "program": code.program.title,
                "version": code.version,
                "path": path,
            },
        )


@transaction.atomic
def conduct_sign(
    *,
    actor,
    code: CodeOfConduct,
    typed_name: str,
    agreed: bool,
    ip_address: str | None = None,
    user_agent: str = "",
) -> ConductSignature:
    """Sign one published version as the signed-in person.

    The typed name must match the name on the person's account (ignoring case and extra
    spaces) and agreement must be explicit. Signing twice returns the first signature.
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to sign the code of conduct."))
    code = CodeOfConduct.objects.get(pk=code.pk)
    if not code.is_published:
        raise DomainError(_("This version is not published yet."))
    current = CodeOfConduct.objects.current_for(code.program_id)
    if current is not None and current.pk != code.pk:
        raise DomainError(
            _("A newer version has replaced this one. Please sign the current version.")
        )
    if not agreed:
        raise DomainError({"agreed": _("Tick the box to show that you agree.")})
    normalized = " ".join(typed_name.split())
    if normalized.casefold() != " ".join(actor.full_name.split()).casefold():
        raise DomainError(
            {
                "typed_name": _("Type your full name exactly as it is on your account: %(name)s")
                % {"name": actor.full_name}
            }
        )
    existing = ConductSignature.objects.filter(person=actor, code=code).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            signature = ConductSignature.objects.create(
                person=actor,
                code=code,
                typed_name=normalized,
                text_sha256=text_sha256(code.text),
                signed_at=timezone.now(),
                ip_address=ip_address or None,
                user_agent=(user_agent or "")[:MAX_USER_AGENT],
            )
    except IntegrityError:  # the same person signing in two tabs at once
        return ConductSignature.objects.get(person=actor, code=code)
    HistoryEntry.objects.create(
        action=HistoryAction.CONDUCT_SIGNED,
        actor=actor,
        subject=actor,
        details={"code_id": code.pk, "version": code.version, "sha256": signature.text_sha256},
    )
    _after_signing(actor, code)
    return signature


def _after_signing(person, code):
    """Signing can complete an enrollment, and lifts a suspension for not signing; the
    signer caused both, so the history names them."""
    from .certificates import certification_reinstate_signed
    from .readiness import refresh_open_enrollments

    refresh_open_enrollments(person, code.program_id, actor=person)
    for certification in Certification.objects.filter(
        person=person,
        program_id=code.program_id,
        status=CertificationStatus.SUSPENDED,
        suspended_for_conduct__isnull=False,
    ):
        certification_reinstate_signed(actor=person, certification=certification, code=code)
