"""A stateful test of the whole certification lifecycle, with random people doing random things.

Trainees enroll, pass the module, sign the code of conduct, are placed on a training and
assessed; certificates are suspended, reinstated, transferred, put on leave, renewed (or
renewal asked for and decided), expire in the sweep, end when an account closes; concerns are
reported, triaged, reviewed and resolved; decertification cases get a response, a decision
and an appeal. Each step is done by a person drawn at random: most often someone with the
authority, otherwise anyone in the world, including people outside the target's tree and of
the wrong role. The clock moves, so renewal windows, expiry, case deadlines and the sweep all
come into play.

Each call goes through the real services. A refusal (`PermissionDenied`, `DomainError`, any
`ValidationError`) must change nothing and queue no email; a success by someone without the
authority fails the test, and so does a refusal for lack of authority of someone who has it.
After every step the invariants of `lifecycle_checks` are checked. Every example runs in a
savepoint over one world (`lifecycle_world`) and is rolled back at its end.
"""

import datetime
from collections import Counter, defaultdict

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from certification.models import (
    CertificationStatus,
    Concern,
    DecertificationCase,
    EventAttendance,
    RenewalRequest,
)
from certification.services.sweep import run_sweep
from curriculum.models import ProgramPage

from . import lifecycle_checks as checks
from .lifecycle_certificate_rules import CertificateRules
from .lifecycle_fidelity_rules import FidelityRules
from .lifecycle_training_rules import TrainingRules
from .lifecycle_world import (
    START,
    STATE_OF,
    build_world,
    differences,
    load_people,
    sizes,
    snapshot,
)
from .lifecycle_world_in_progress import MARKER

S = CertificationStatus
# The rules someone acts in, each of which must both succeed and be refused over a run (the
# clock and the sweep, which nobody calls, are left out): the public methods of the mixins.
RULES = sorted(
    name
    for mixin in (TrainingRules, CertificateRules, FidelityRules)
    for name, member in vars(mixin).items()
    if callable(member) and not name.startswith("_")
)
# Tables whose newest id the invariants read after every step, in one query.
COUNTED = (
    *checks.HISTORY_COLUMNS,
    EventAttendance,
    RenewalRequest,
    Concern,
    DecertificationCase,
)
# What happened to each rule over the whole run (succeeded, refused), for the coverage check.
COUNTS = Counter()
WHY = Counter()  # (rule, exception, message) → how often a rule was refused so


@settings(
    max_examples=130,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
    database=None,
)
class LifecycleMachine(TrainingRules, CertificateRules, FidelityRules, RuleBasedStateMachine):
    """The lifecycle, driven through its services by people drawn at random."""

    world = None  # set by the test: built once, each example rolls back to it

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.serial = 0
        self.people = load_people(self.world)
        self.since = {name: newest for name, (_, newest) in sizes(COUNTED).items()}
        self.statuses = {}
        self.closing = False
        self.cert_states = defaultdict(set)
        self.verified = {}
        self.facts = {}
        self.new_code = None  # the code of conduct published in this example, if any
        COUNTS["examples", "run"] += 1

    def teardown(self):
        try:
            self.traveller.stop()
        finally:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    # --- helpers the rules share ----------------------------------------------------------

    def reason(self, what) -> str:
        self.serial += 1
        return f"{what} {MARKER}-{self.serial:04d}"

    def pick(self, items, index, plausible=None):
        """One of `items`; with `plausible`, one of those it accepts when there are any."""
        if plausible:
            items = [item for item in items if plausible(item)] or items
        return items[index % len(items)]

    def act_as(self, who, rightful, alt):
        """The person to act: one of the `rightful` when `who` says so, else `who` itself.
        A closed account cannot sign in, so it never acts (None)."""
        key = rightful[alt % len(rightful)] if who == "rightful" and rightful else who
        key = "bystander" if key == "rightful" else key
        person = self.people[key]
        return (None, key) if person.closed_at is not None else (person, key)

    def record(self, step, outcome):
        COUNTS[step, outcome] += 1
        event(f"{step}: {outcome}")

    def attempt(self, step, key, rightful, call, *, entitled=None):
        """Call a service as `key`: a refusal changes nothing and queues no email; only the
        `rightful` succeed, and the `entitled` (by default, the rightful) are never refused
        for lack of authority."""
        entitled = rightful if entitled is None else entitled
        self.clock.shift(datetime.timedelta(minutes=7))
        before = snapshot()
        emails = len(connection.run_on_commit)
        try:
            result = call()
        except (PermissionDenied, ValidationError) as refusal:
            changed = differences(before, snapshot())
            assert not changed, f"{step} by {key} was refused ({refusal}) yet changed {changed}"
            assert len(connection.run_on_commit) == emails, f"{step} refused, email queued"
            assert not (entitled and isinstance(refusal, PermissionDenied)), (
                f"{step}: {key} has the authority, yet was refused: {refusal}"
            )
            self.record(step, "refused")
            WHY[step, type(refusal).__name__, str(refusal)[:90]] += 1
            return None
        assert rightful, f"{step}: {key} has no authority here, yet it succeeded"
        self.record(step, "ok")
        return result

    def certifications(self):
        return checks.all_certifications()

    def affiliate_of(self, thing) -> str:
        return self.world.org_keys[thing.affiliate_id]

    # --- the program, and time -------------------------------------------------------------

    @initialize(approval=st.booleans())
    def choose_how_renewals_work(self, approval):
        """Half the examples run a program whose renewals need a trainer's approval."""
        ProgramPage.objects.filter(pk=self.world.program.pk).update(renewal_needs_approval=approval)
        COUNTS["renewals need approval", approval] += 1

    def _time_passes(self, days):
        """Days go by, and the nightly sweep runs (expiry, reminders, unsigned codes of
        conduct, unappealed cases, retention): whatever people did must not trip it."""
        self.clock.shift(datetime.timedelta(days=days))
        run_sweep()
        self.record("time_passes", "ok")

    @rule(days=st.sampled_from((1, 4, 12, 31, 45)))
    def days_pass(self, days):
        """Response and appeal windows, grace periods for a new code of conduct."""
        self._time_passes(days)

    @rule(days=st.sampled_from((95, 400, 660, 750)))
    def months_pass(self, days):
        """Renewal windows open, certificates expire."""
        self._time_passes(days)

    @rule()
    def sweep(self):
        """The sweep again the same day (it runs twice sometimes): it changes nothing new."""
        self.clock.shift(datetime.timedelta(minutes=7))
        run_sweep()
        self.record("sweep", "ok")

    # --- after every step --------------------------------------------------------------------

    @invariant()
    def the_lifecycle_keeps_its_promises(self):
        """After every step: the invariants of `lifecycle_checks`, each run when what it
        reads may have changed (history grew, a status changed), which is nearly always
        cheaper than reading everything again."""
        closing, self.closing = self.closing, False
        if closing:
            self.people = load_people(self.world)
        certifications = self.certifications()
        sizes_now = {name: newest for name, (_, newest) in sizes(COUNTED).items()}
        statuses = {c.pk: c.status for c in certifications}
        holders = {c.pk: c.person_id for c in certifications}
        for certification in certifications:
            self.cert_states[certification.pk].add(STATE_OF[self.affiliate_of(certification)])
        history_grew = sizes_now["CertificationEvent"] > self.since["CertificationEvent"]
        if closing or history_grew or statuses != self.statuses:
            checks.check_one_live_certificate(certifications)
            checks.check_history_tells_the_status(certifications)
            checks.check_closed_accounts(certifications, self.people)
            if S.DECERTIFIED in statuses.values():
                checks.check_decertified_through_a_case(certifications)
        checks.check_new_history(self.world, self.since, sizes_now, self.cert_states, holders)
        self.since, self.statuses = sizes_now, statuses
        closed = {person.pk for person in self.people.values() if person.closed_at}
        seen = {
            c.pk: (c.status, c.updated_at, c.expires_on, c.person_id in closed)
            for c in certifications
        }
        changed = [c for c in certifications if self.verified.get(c.pk) != seen[c.pk]]
        checks.check_verification(changed, (MARKER,), closed)
        self.verified.update(seen)
        self.facts = {
            "attendances": sizes_now["EventAttendance"],
            "requests": sizes_now["RenewalRequest"],
            "concerns": sizes_now["Concern"],
            "cases": sizes_now["DecertificationCase"],
        }


@pytest.fixture
def world(db):
    """The world, built once for the whole run (see `lifecycle_world`)."""
    return build_world()


def test_the_lifecycle_keeps_its_invariants_whoever_acts_and_whenever(world):
    """Random people, random steps, a moving clock: the invariants hold after every step, and
    over the run every rule both succeeds and is refused at least once."""
    LifecycleMachine.world = world
    COUNTS.clear()
    WHY.clear()
    run_state_machine_as_test(LifecycleMachine)
    never_succeeded = [step for step in RULES if not COUNTS[step, "ok"]]
    never_refused = [step for step in RULES if not COUNTS[step, "refused"]]
    summary = ", ".join(f"{step} {COUNTS[step, 'ok']}/{COUNTS[step, 'refused']}" for step in RULES)
    steps = sum(count for (step, _), count in COUNTS.items() if step in RULES)
    examples = COUNTS["examples", "run"]
    approval = COUNTS["renewals need approval", True]
    print(f"{examples} examples ({approval} needing approval to renew), {steps} calls")
    print(f"succeeded/refused per rule: {summary}")
    for (step, kind, message), count in sorted(WHY.items()):
        print(f"  {step}: {count} × {kind}: {message}")
    assert not never_succeeded, f"never succeeded: {never_succeeded} ({summary})"
    assert not never_refused, f"never refused: {never_refused} ({summary})"
