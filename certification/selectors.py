"""User-scoped reads: every view fetches certification data through these functions."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import permissions
from .models import Membership, Organization, RoleGrant


def my_role_grants(user):
    """The roles a person holds now, with their organizations, for the dashboard."""
    return (
        RoleGrant.objects.active()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )


def my_membership(user):
    """The person's current home affiliate, with its state, or None."""
    return (
        Membership.objects.filter(user=user, ended_at__isnull=True)
        .select_related("affiliate")
        .first()
    )


def organization_for(user, slug: str) -> Organization:
    """One organization by slug, or 404 when it does not exist or the person may not see it."""
    return get_object_or_404(permissions.organizations_visible_to(user), slug=slug)


def organization_children(organization: Organization):
    """The nodes directly under `organization`, with the number of active roles on each."""
    return organization.get_children().annotate(
        active_role_count=Count("role_grants", filter=Q(role_grants__revoked_at__isnull=True))
    )


def organization_role_grants(organization: Organization):
    """Active role grants held on `organization` itself, with their holders."""
    return (
        RoleGrant.objects.active()
        .filter(organization=organization)
        .select_related("user", "granted_by")
        .order_by("role", "user__full_name")
    )


def organization_ancestors(user, organization: Organization):
    """The nodes above `organization`, top first, for a breadcrumb. Each is marked `linked`
    when `user` may open its page (`permissions.can_view_organization`, the rule of the
    organization page and of the oversight dashboard alike), so a breadcrumb names every
    level but links only where the person may go. One query."""
    from django.db.models import Exists, OuterRef

    visible = permissions.organizations_visible_to(user).filter(pk=OuterRef("pk"))
    return (
        Organization.objects.filter(path__in=organization.ancestor_paths()[:-1])
        .annotate(linked=Exists(visible))
        .order_by("depth")
    )


def certificate_print_facts(certification) -> dict:
    """What a printed certificate says beyond the certification row: the national
    organization above the issuing state, the trainer who issued it (the actor of its "issue"
    history entry; empty when Trellis issued it) and, for a certificate not active, the day it
    took its present status. Three queries."""
    from .models import CertificationAction, CertificationEvent, OrganizationKind

    national = (
        Organization.objects.filter(
            path__in=certification.issuing_state.ancestor_paths(), kind=OrganizationKind.NATIONAL
        )
        .values_list("name", flat=True)
        .first()
    )
    history = CertificationEvent.objects.filter(certification=certification)
    issued = history.filter(action=CertificationAction.ISSUE).select_related("actor").first()
    since = None
    if certification.status != "active":
        latest = history.filter(to_status=certification.status).order_by("-created_at", "-id")
        changed = latest.values_list("created_at", flat=True).first()
        since = timezone.localdate(changed) if changed else None
    return {
        "national_name": national or "",
        "trainer_name": issued.actor.full_name if issued and issued.actor else "",
        "status_since": since,
    }


def visible_organization_tree(user):
    """Every organization the person may see, in tree order, for an overview list."""
    return permissions.organizations_visible_to(user).order_by("path")


def my_codes_of_conduct(user):
    """For each live program the person trains or is certified in that has a published code
    of conduct: the current version, the person's signature of it (or None) and, for a
    facilitator who has not signed, the date by which they must. Four queries whatever the
    number of programs. Programs the person has nothing to do with are left out: nobody is
    asked to sign the code of a program they are not in."""
    import datetime

    from curriculum.models import ProgramPage

    from .models import (
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

    from .models import CodeOfConduct

    published = CodeOfConduct.objects.published().values("program_id")
    return list(ProgramPage.objects.live().exclude(pk__in=published).order_by("title"))


def current_code_for_program_slug(slug):
    """The live program with this slug (or 404) and its current code of conduct, or None when
    the program has not published one yet (the page then says so instead of a dead end)."""
    from curriculum.models import ProgramPage

    from .models import CodeOfConduct

    program = get_object_or_404(ProgramPage.objects.live(), slug=slug)
    return program, CodeOfConduct.objects.current_for(program)


def my_enrolled_programs(user):
    """The live programs the person is enrolled in (withdrawn enrollments left out), in
    training-index order, for "My training" (one query)."""
    from curriculum.models import ProgramPage

    from .models import Enrollment, EnrollmentStatus

    if not user.is_authenticated:
        return []
    enrolled = (
        Enrollment.objects.filter(person=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .values("program_id")
    )
    return list(ProgramPage.objects.live().filter(pk__in=enrolled).order_by("path"))


def my_enrollments(user):
    """The person's enrollments with program and affiliate, newest first."""
    from .models import Enrollment

    return list(
        Enrollment.objects.filter(person=user)
        .select_related("program", "affiliate")
        .order_by("-enrolled_at")
    )


def my_pending_invitations(user):
    """Invitations sent to any of the person's verified addresses, neither accepted nor
    withdrawn."""
    from .models import EnrollmentInvitation

    addresses = [
        user.email,
        *user.emailaddress_set.filter(verified=True).values_list("email", flat=True),
    ]
    query = EnrollmentInvitation.objects.none()
    for address in {a.casefold() for a in addresses}:
        query = query | EnrollmentInvitation.objects.filter(email__iexact=address)
    return list(
        query.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).select_related(
            "program", "affiliate", "invited_by"
        )
    )


def pending_invitation_for_email(email):
    """The newest invitation to `email` still waiting for an answer, or None: where a person
    who has just confirmed that address should land."""
    from .models import EnrollmentInvitation

    return (
        EnrollmentInvitation.objects.filter(
            email__iexact=email, accepted_at__isnull=True, withdrawn_at__isnull=True
        )
        .order_by("-created_at")
        .first()
    )


def organization_enrollments(organization):
    """Enrollments in an organization's part of the tree (an affiliate, or a state's affiliates)."""
    from .models import Enrollment

    return (
        Enrollment.objects.filter(affiliate__path__startswith=organization.path)
        .select_related("person", "program", "affiliate")
        .order_by("affiliate__name", "person__full_name")
    )


def organization_invitations(organization):
    """Invitations still waiting for an answer (neither accepted nor withdrawn) in an
    organization's part of the tree."""
    from .models import EnrollmentInvitation

    return (
        EnrollmentInvitation.objects.filter(
            affiliate__path__startswith=organization.path,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .select_related("program", "invited_by")
        .order_by("-created_at")
    )


def managed_invitation(user, organization, invitation_id):
    """An invitation in `organization`'s part of the tree that `user` may send again or
    withdraw (they may invite to its affiliate), or 404."""
    from .models import EnrollmentInvitation

    return get_object_or_404(
        EnrollmentInvitation.objects.filter(
            affiliate__path__startswith=organization.path,
            affiliate__in=permissions.organizations_managing_enrollments(user),
        ).select_related("program", "affiliate", "invited_by"),
        pk=invitation_id,
    )


# --- Training events and readiness --------------------------------------------------------


def my_event_states(user):
    """The state organizations where the person runs trainings, by name."""
    return permissions.event_states(user).order_by("name")


def my_training_events(user):
    """The events in the person's states, upcoming ones first (soonest first), then past
    ones (latest first), each with its program, state and number of places taken."""
    from django.utils import timezone

    events = list(
        permissions.training_events_visible_to(user)
        .select_related("program", "state", "cancelled_by")
        .annotate(places_taken=Count("attendances"))
        .order_by("starts_at", "pk")
    )
    now = timezone.now()
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in events if event.ends_at < now]
    past.reverse()
    return upcoming, past


def training_event_for(user, event_id: int):
    """One event the person may run, with its program, state and trainers, or 404."""
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    return get_object_or_404(
        permissions.training_events_visible_to(user)
        .select_related("program", "state", "created_by", "cancelled_by")
        .prefetch_related(
            Prefetch("trainers", queryset=get_user_model().objects.order_by("full_name"))
        ),
        pk=event_id,
    )


def event_attendances(event):
    """The places on an event, with each trainee and affiliate, by name (one query)."""
    from .models import EventAttendance

    return (
        EventAttendance.objects.filter(event=event)
        .select_related("enrollment__person", "enrollment__affiliate")
        .order_by("enrollment__person__full_name", "pk")
    )


def event_attendance_for(event, attendance_id: int):
    """One place on this event, or 404."""
    from .models import EventAttendance

    return get_object_or_404(EventAttendance.objects.filter(event=event), pk=attendance_id)


def event_enrollment_candidates(event):
    """Who a trainer may add to the event (`permissions.event_attendee_choices`)."""
    return permissions.event_attendee_choices(event)


def enrollment_for(user, enrollment_id: int):
    """One enrollment the person may see, with person, program and affiliate, or 404."""
    return get_object_or_404(
        permissions.enrollments_visible_to(user).select_related("person", "program", "affiliate"),
        pk=enrollment_id,
    )


def enrollment_assessments(enrollment):
    """An enrollment's readiness assessments with their assessors, newest first."""
    from .models import ReadinessAssessment

    return ReadinessAssessment.objects.filter(enrollment=enrollment).select_related("assessor")


def enrollment_certification(enrollment):
    """The certification issued for an enrollment (the newest), or None."""
    return enrollment.certifications.order_by("-issued_on", "-pk").first()


def role_holder_emails(role, *, on_path=None, exclude_user_ids=()) -> list[str]:
    """The email addresses of everyone who holds `role` now, on the node with path
    `on_path` (anywhere when None), leaving out `exclude_user_ids`; sorted, each once.

    Who is told of what (new concerns, renewal requests, case outcomes, appeals) is always
    "the holders of a role at a node", so it is asked here, one query.
    """
    grants = RoleGrant.objects.active().filter(role=role)
    if on_path is not None:
        grants = grants.filter(organization__path=on_path)
    excluded = [pk for pk in exclude_user_ids if pk]
    if excluded:
        grants = grants.exclude(user_id__in=excluded)
    return sorted(set(grants.values_list("user__email", flat=True)))
