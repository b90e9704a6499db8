"""The invariants the lifecycle state machine checks after every step.

Each check reads the database as it is and raises AssertionError, in words, when Trellis
broke a rule it promises: one live certificate per person and program, a history that tells
the certificate's whole story through allowed transitions, one cause per history row, nobody
acting outside their tree, and a public verification page that never shows a reason.
"""

from collections import defaultdict

from django.core.cache import cache
from django.test import Client

from certification.models import (
    LIVE_STATUSES,
    TRANSITIONS,
    CaseDecision,
    CaseEvent,
    CaseStatus,
    Certification,
    CertificationAction,
    CertificationEvent,
    CertificationStatus,
    ConcernAction,
    ConcernEvent,
    DecertificationCase,
    HistoryEntry,
)

from .lifecycle_world import AFFILIATES, national_staff, staff_over, trainers_of_state

A, S = CertificationAction, CertificationStatus

# Rows that record something about a certificate without changing its status.
STATUS_KEEPING = {A.TRANSFER, A.REMIND, A.RENEWAL_REQUESTED, A.RENEWAL_DECLINED}

# Reasons the services write themselves; they belong on staff pages, never on the public one.
SERVICE_REASON_PHRASES = (
    "pending decertification appeal",
    "pending review of concern",
    "code of conduct not signed",
    "signed version",
)


def check_one_live_certificate(certifications):
    live = defaultdict(list)
    for certification in certifications:
        if certification.status in LIVE_STATUSES:
            live[(certification.person_id, certification.program_id)].append(certification.number)
    doubles = {key: numbers for key, numbers in live.items() if len(numbers) > 1}
    assert not doubles, f"more than one live certificate per person and program: {doubles}"


def check_history_tells_the_status(certifications):
    """The chain of from/to statuses follows TRANSITIONS from the issue to the status now."""
    rows = defaultdict(list)
    for event in CertificationEvent.objects.order_by("created_at", "id"):
        rows[event.certification_id].append(event)
    for certification in certifications:
        history = rows[certification.pk]
        where = f"certificate {certification.number}"
        assert history, f"{where} has no history"
        first = history[0]
        assert (first.action, first.from_status, first.to_status) == (A.ISSUE, "", S.ACTIVE), (
            f"{where} does not start with its issue: {first.action} {first.from_status}"
        )
        status = S.ACTIVE
        for event in history[1:]:
            step = f"{where}: {event.action} {event.from_status}→{event.to_status}"
            assert event.from_status == status, f"{step}, but the status before was {status}"
            if event.action in STATUS_KEEPING:
                assert event.to_status == event.from_status, f"{step} changed the status"
            else:
                allowed = TRANSITIONS.get((S(event.from_status), A(event.action)))
                assert allowed == event.to_status, f"{step} is not in TRANSITIONS"
            status = event.to_status
        assert certification.status == status, (
            f"{where} is {certification.status} but its history ends at {status}"
        )


def check_closed_accounts(certifications, people):
    """A closed account holds no live certificate; an ended one belongs to a closed account."""
    closed = {person.pk for person in people.values() if person.closed_at is not None}
    for certification in certifications:
        if certification.status in LIVE_STATUSES:
            assert certification.person_id not in closed, (
                f"{certification.number} is {certification.status} but its holder closed "
                "their account"
            )
        if certification.status == S.ENDED:
            assert certification.person_id in closed, (
                f"{certification.number} ended but its holder's account is open"
            )


def check_decertified_through_a_case(certifications):
    decertified = [c for c in certifications if c.status == S.DECERTIFIED]
    cases = {
        case.certification_id: case
        for case in DecertificationCase.objects.filter(
            certification__in=decertified, final_decision=CaseDecision.DECERTIFY
        )
    }
    for certification in decertified:
        case = cases.get(certification.pk)
        assert case is not None and case.status == CaseStatus.CLOSED, (
            f"{certification.number} is decertified without a closed case deciding so"
        )
        assert certification.may_reenroll_on is not None


# For each history table, the columns that say who acted and on what.
HISTORY_COLUMNS = {
    CertificationEvent: ("certification_id", "action"),
    HistoryEntry: ("organization_id", "subject_id"),
    ConcernEvent: ("concern__affiliate_id", "action"),
    CaseEvent: ("case__certification_id", "action"),
}


def check_new_history(world, since: dict, newest: dict, cert_states: dict, holders: dict):
    """Every history row written since the last step (ids above `since`, up to `newest`)
    names one cause (a person or a job, never both, never neither), and a person named had
    the authority by the world's own model: the holder for their own steps, otherwise staff
    over the organization concerned."""
    for model, columns in HISTORY_COLUMNS.items():
        name = model.__name__
        if newest[name] <= since.get(name, 0):
            continue
        rows = list(
            model.objects.filter(pk__gt=since.get(name, 0)).values_list(
                "pk", "actor_id", "system_cause", *columns
            )
        )
        for pk, actor_id, system_cause, *about in rows:
            assert (actor_id is None) != (system_cause == ""), (
                f"{name} {pk} names {actor_id!r} and {system_cause!r} as its cause"
            )
            if actor_id is not None:
                who = world.keys.get(actor_id)
                allowed = _allowed(world, model, about, cert_states, holders)
                assert who in allowed or actor_id in allowed, (
                    f"{name} {pk} {about} names {who}, who has no authority there"
                )


def _allowed(world, model, about, cert_states, holders) -> set:
    if model in (CertificationEvent, CaseEvent):
        certification_id = about[0]
        allowed = {holders[certification_id], *national_staff()}
        for state in cert_states[certification_id]:
            allowed.update(trainers_of_state(state))
        return allowed
    if model is ConcernEvent:
        affiliate_id, action = about
        if action == ConcernAction.RECEIVED:  # anyone may report
            return set(world.keys.values()) | set(world.keys)
        return set(staff_over(world.org_keys[affiliate_id]))
    organization_id, subject_id = about
    org = world.org_keys.get(organization_id)
    if org in AFFILIATES:
        allowed = set(staff_over(org))
    elif org in ("ohio", "texas"):
        allowed = set(trainers_of_state(org))
    else:
        allowed = set(national_staff())
    return allowed | {subject_id}


def status_words(certification, holder_closed) -> str:
    if holder_closed:
        return "Status: No longer valid"
    return f"Status: {S(certification.status).label}"


def check_verification(certifications, reasons, closed_ids) -> None:
    """The public page of each certificate says its status and never a reason given for it."""
    client = Client()
    for certification in certifications:
        cache.clear()  # the page is rate-limited per address; this is not what is tested
        response = client.get(f"/verify/{certification.number}/")
        assert response.status_code == 200, (certification.number, response.status_code)
        page = response.content.decode().lower()
        leaked = [reason for reason in reasons if reason.lower() in page]
        leaked += [phrase for phrase in SERVICE_REASON_PHRASES if phrase in page]
        assert not leaked, f"verification of {certification.number} shows {leaked}"
        words = status_words(certification, certification.person_id in closed_ids)
        assert words.lower() in page, f"verification of {certification.number} lacks {words!r}"


def all_certifications():
    return list(Certification.objects.order_by("pk"))
