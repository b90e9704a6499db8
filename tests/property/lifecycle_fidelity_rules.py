"""The lifecycle state machine's fidelity rules: concerns reported, triaged, reviewed and
resolved, and decertification cases with notice, response, decision and appeal.

A mixin of `LifecycleMachine` (test_lifecycle_state_machine.py), which provides `attempt`,
`pick`, `act_as`, `reason` and the strategies these rules draw from.
"""

import datetime

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from certification.dates import today
from certification.models import (
    LIVE_STATUSES,
    CaseStatus,
    CertificationStatus,
    ConcernCategory,
    ConcernOutcome,
    ConcernSetting,
    ConcernSeverity,
    ConcernStatus,
    DecertificationCase,
)
from certification.models import Concern as ConcernModel
from certification.services.fidelity import cases, concerns

from .lifecycle_strategies import ALT, FOCUS, INDEX, WHO
from .lifecycle_world import PEOPLE, national_staff, staff_over, trainers_over

OWNERS = st.sampled_from(("ohio_trainer", "texas_trainer", "national", "national2", "ann"))
OUTCOMES = st.sampled_from(
    (
        ConcernOutcome.DECERTIFICATION_CASE,
        ConcernOutcome.DECERTIFICATION_CASE,
        ConcernOutcome.SUSPENSION,
        ConcernOutcome.COACHING,
        ConcernOutcome.UNFOUNDED,
        ConcernOutcome.NO_ACTION,
    )
)
OPEN = (ConcernStatus.RECEIVED, ConcernStatus.TRIAGED, ConcernStatus.UNDER_REVIEW)


def _may_suspend(concern):
    """An open concern that is urgent or about safety, about an active certificate."""
    return (
        concern.status in OPEN
        and concerns.may_suspend_pending_review(concern)
        and concern.certification is not None
        and concern.certification.status == CertificationStatus.ACTIVE
    )


def _concerns():
    return list(ConcernModel.objects.select_related("certification", "affiliate").order_by("pk"))


def _cases():
    return list(
        DecertificationCase.objects.select_related(
            "certification__affiliate", "certification__person"
        ).order_by("pk")
    )


class FidelityRules:
    # --- concerns ----------------------------------------------------------------------

    @rule(
        index=INDEX,
        focused=FOCUS,
        reporter=st.sampled_from((*PEOPLE, "public")),
        category=st.sampled_from(ConcernCategory.values),
    )
    def report_concern(self, index, focused, reporter, category):
        certification = self.pick(
            self.certifications(), index, focused and (lambda c: c.status in LIVE_STATUSES)
        )
        actor = None if reporter == "public" else self.people[reporter]
        if actor is not None and actor.closed_at is not None:
            return
        holder = self.world.keys.get(certification.person_id)
        self.attempt(
            "report_concern",
            reporter,
            reporter != holder,
            lambda: concerns.concern_report(
                actor=actor,
                category=category,
                what_happened=self.reason("what happened"),
                happened_on=None,
                setting=ConcernSetting.GROUP,
                certification=certification,
                reporter_email="" if actor else "someone@example.net",
            ),
        )

    def _concern_step(
        self, step, index, focused, statuses, who, alt, call, *, reviewers=False, certificate=""
    ):
        """A step on a concern, by its reviewers (notes) or its managers (the rest).

        The concern stays with the affiliate it was reported at, while its certificate may
        have been transferred since: a step that changes the certificate (`certificate`
        "always") also needs authority over where the certificate is now; one that may change
        it ("maybe": an outcome) may be refused to someone who lacks that authority.
        """
        plausible = statuses if callable(statuses) else (lambda c: c.status in statuses)
        concern = self.pick(_concerns(), index, focused and plausible)
        affiliate = self.world.org_keys[concern.affiliate_id]
        rightful = staff_over(affiliate) if reviewers else trainers_over(affiliate)
        entitled = rightful
        if certificate and concern.certification is not None:
            now_at = trainers_over(self.world.org_keys[concern.certification.affiliate_id])
            entitled = [key for key in rightful if key in now_at]
            rightful = entitled if certificate == "always" else rightful
        actor, key = self.act_as(who, entitled, alt)
        if actor is None:
            return
        self.attempt(
            step, key, key in rightful, lambda: call(actor, concern), entitled=key in entitled
        )

    @precondition(lambda self: self.facts["concerns"])
    @rule(
        index=INDEX,
        focused=FOCUS,
        who=WHO,
        alt=ALT,
        severity=st.sampled_from(ConcernSeverity.values),
        owner=OWNERS,
    )
    def triage_concern(self, index, focused, who, alt, severity, owner):
        self._concern_step(
            "triage_concern",
            index,
            focused,
            (ConcernStatus.RECEIVED,),
            who,
            alt,
            lambda actor, concern: concerns.concern_triage(
                actor=actor, concern=concern, severity=severity, owner=self.people[owner]
            ),
        )

    @precondition(lambda self: self.facts["concerns"])
    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def start_review(self, index, focused, who, alt):
        self._concern_step(
            "start_review",
            index,
            focused,
            (ConcernStatus.TRIAGED,),
            who,
            alt,
            lambda actor, concern: concerns.concern_review_start(actor=actor, concern=concern),
        )

    @precondition(lambda self: self.facts["concerns"])
    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def add_concern_note(self, index, focused, who, alt):
        self._concern_step(
            "add_concern_note",
            index,
            focused,
            OPEN,
            who,
            alt,
            lambda actor, concern: concerns.concern_note_add(
                actor=actor, concern=concern, text=self.reason("note")
            ),
            reviewers=True,
        )

    @precondition(lambda self: self.facts["concerns"])
    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def suspend_pending_review(self, index, focused, who, alt):
        self._concern_step(
            "suspend_pending_review",
            index,
            focused,
            _may_suspend,
            who,
            alt,
            lambda actor, concern: concerns.concern_suspend_pending_review(
                actor=actor, concern=concern, reason=self.reason("pending review")
            ),
            certificate="always",
        )

    @precondition(lambda self: self.facts["concerns"])
    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT, outcome=OUTCOMES)
    def resolve_concern(self, index, focused, who, alt, outcome):
        self._concern_step(
            "resolve_concern",
            index,
            focused,
            (ConcernStatus.UNDER_REVIEW,),
            who,
            alt,
            lambda actor, concern: concerns.concern_resolve(
                actor=actor,
                concern=concern,
                outcome=outcome,
                summary=self.reason("summary"),
                plan_actions=self.reason("plan"),
                plan_due_on=today() + datetime.timedelta(days=30),
                allegation=self.reason("allegation"),
                suspension_reason=self.reason("suspension"),
            ),
            certificate="maybe",
        )

    # --- decertification cases -----------------------------------------------------------

    def _case_step(self, step, index, focused, statuses, who, alt, rightful_for, call):
        case = self.pick(_cases(), index, focused and (lambda c: c.status in statuses))
        rightful = rightful_for(case)
        actor, key = self.act_as(who, rightful, alt)
        if actor is None:
            return
        self.attempt(step, key, key in rightful, lambda: call(actor, case))

    def _subject(self, case):
        return [self.world.keys[case.certification.person_id]]

    def _deciders(self, case):
        return trainers_over(self.world.org_keys[case.certification.affiliate_id])

    @precondition(lambda self: self.facts["cases"])
    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def respond_to_case(self, index, focused, who, alt):
        self._case_step(
            "respond_to_case",
            index,
            focused,
            (CaseStatus.AWAITING_RESPONSE,),
            who,
            alt,
            self._subject,
            lambda actor, case: cases.case_respond(
                actor=actor, case=case, response=self.reason("response")
            ),
        )

    @precondition(lambda self: self.facts["cases"])
    @rule(
        index=INDEX,
        focused=FOCUS,
        who=WHO,
        alt=ALT,
        decision=st.sampled_from(("decertify", "decertify", "keep")),
    )
    def decide_case(self, index, focused, who, alt, decision):
        self._case_step(
            "decide_case",
            index,
            focused,
            (CaseStatus.AWAITING_DECISION, CaseStatus.AWAITING_RESPONSE),
            who,
            alt,
            self._deciders,
            lambda actor, case: cases.case_decide(
                actor=actor,
                case=case,
                decision=decision,
                reasons=self.reason("decision"),
                may_reenroll_on=today() + datetime.timedelta(days=120),
            ),
        )

    @precondition(lambda self: self.facts["cases"])
    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def appeal_case(self, index, focused, who, alt):
        self._case_step(
            "appeal_case",
            index,
            focused,
            (CaseStatus.APPEAL_WINDOW,),
            who,
            alt,
            self._subject,
            lambda actor, case: cases.case_appeal(
                actor=actor, case=case, appeal=self.reason("appeal")
            ),
        )

    @precondition(lambda self: self.facts["cases"])
    @rule(
        index=INDEX,
        focused=FOCUS,
        who=WHO,
        alt=ALT,
        decision=st.sampled_from(("uphold", "overturn")),
    )
    def decide_appeal(self, index, focused, who, alt, decision):
        self._case_step(
            "decide_appeal",
            index,
            focused,
            (CaseStatus.APPEALED,),
            who,
            alt,
            lambda case: [
                key for key in national_staff() if self.people[key].pk != case.decided_by_id
            ],
            lambda actor, case: cases.case_decide_appeal(
                actor=actor, case=case, decision=decision, reasons=self.reason("appeal decision")
            ),
        )
