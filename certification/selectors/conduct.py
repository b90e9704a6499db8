"""Reads about codes of conduct: what a person has to sign, and programs still without a code."""

from django.db.models import Q
from django.shortcuts import get_object_or_404


def my_codes_of_conduct(user):
    """For each live program the person trains or is certified in that has a published code
    of conduct: the current version, the person's signature of it (or None) and, for a
    facilitator who has not signed, the date by which they must. Four queries whatever the
    number of programs. Programs the person has nothing to do with are left out: nobody is
    asked to sign the code of a program they are not in."""
    import datetime

    from curriculum.models import ProgramPage

    from ..models import (
        LIVE_STATUSES,
        Certification,
        CodeOfConduct,
        ConductSignature,
        Enrollment,
        EnrollmentStatus,
    )

    enrolled = (
        Enrollment.objects.filter(person=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .values("program_id")
    )
    certified = Certification.objects.filter(person=user, status__in=LIVE_STATUSES).values(
        "program_id"
    )
    programs = list(
        ProgramPage.objects.live()
        .filter(Q(pk__in=enrolled) | Q(pk__in=certified))
        .order_by("path")
        .only("id", "title", "slug")
    )
    current = {}
    for code in CodeOfConduct.objects.published().filter(program__in=programs).order_by("version"):
        current[code.program_id] = code
    signed = {
        signature.code_id: signature
        for signature in ConductSignature.objects.filter(person=user, code__in=current.values())
    }
    certified_in = set(
        Certification.objects.filter(person=user, status__in=LIVE_STATUSES).values_list(
            "program_id", flat=True
        )
    )
    items = []
    for program in programs:
        code = current.get(program.pk)
        if code is None:
            continue
        signature = signed.get(code.pk)
        deadline = None
        if signature is None and program.pk in certified_in:
            deadline = code.published_at + datetime.timedelta(days=code.grace_days)
        items.append(
            {"program": program, "code": code, "signature": signature, "deadline": deadline}
        )
    return items


def programs_without_code_of_conduct():
    """Live programs with no published code of conduct, by title: no trainee of theirs can be
    assessed until national staff publish one, so national staff see them on the dashboard
    (one query)."""
    from curriculum.models import ProgramPage

    from ..models import CodeOfConduct

    published = CodeOfConduct.objects.published().values("program_id")
    return list(ProgramPage.objects.live().exclude(pk__in=published).order_by("title"))


def current_code_for_program_slug(slug):
    """The live program with this slug (or 404) and its current code of conduct, or None when
    the program has not published one yet (the page then says so instead of a dead end)."""
    from curriculum.models import ProgramPage

    from ..models import CodeOfConduct

    program = get_object_or_404(ProgramPage.objects.live(), slug=slug)
    return program, CodeOfConduct.objects.current_for(program)
