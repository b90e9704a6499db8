"""The lifecycle state machine's certificate rules: suspend, reinstate, transfer, leave and
return, renew, ask for renewal and decide the request, and close an account.

A mixin of `LifecycleMachine` (test_lifecycle_state_machine.py), which provides `attempt`,
`pick`, `act_as`, `reason`, `certifications` and `affiliate_of`.
"""

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from certification.models import (
    LIVE_STATUSES,
    CertificationStatus,
    RenewalRequest,
    RenewalRequestStatus,
)
from certification.selectors.certificates import renewal_opens_on
from certification.services import certificates as certs
from certification.services import renewals
from lms.account_closing import close_account

from .lifecycle_strategies import ALT, FOCUS, INDEX, WHO
from .lifecycle_world import AFFILIATES, TRAINEES, national_staff, trainers_over

S = CertificationStatus


class CertificateRules:
    def _certificate_step(self, step, index, focused, statuses, who, alt, rightful_for, call):
        """A step on a certificate: most often one in `statuses` (or that `statuses`, a
        function, accepts), by someone `rightful_for` it names."""
        plausible = statuses if callable(statuses) else (lambda c: c.status in statuses)
        certification = self.pick(self.certifications(), index, focused and plausible)
        rightful = rightful_for(certification)
        actor, key = self.act_as(who, rightful, alt)
        if actor is not None:
            self.attempt(step, key, key in rightful, lambda: call(actor, certification))

    def _staff(self, certification):
        return trainers_over(self.affiliate_of(certification))

    def _holder(self, certification):
        return [self.world.keys[certification.person_id]]

    def _renewable(self, certification):
        return certification.status == S.EXPIRED or (
            certification.status == S.ACTIVE and renewal_opens_on(certification) <= certs.today()
        )

    def _holder_or_staff(self, certification):
        return [*self._holder(certification), *self._staff(certification)]

    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def suspend(self, index, focused, who, alt):
        self._certificate_step(
            "suspend",
            index,
            focused,
            (S.ACTIVE,),
            who,
            alt,
            self._staff,
            lambda actor, c: certs.certification_suspend(
                actor=actor, certification=c, reason=self.reason("suspended")
            ),
        )

    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def reinstate(self, index, focused, who, alt):
        self._certificate_step(
            "reinstate",
            index,
            focused,
            (S.SUSPENDED,),
            who,
            alt,
            self._staff,
            lambda actor, c: certs.certification_reinstate(
                actor=actor, certification=c, reason=self.reason("reinstated")
            ),
        )

    @rule(index=INDEX, focused=FOCUS, to=st.sampled_from(AFFILIATES), who=WHO, alt=ALT)
    def transfer(self, index, focused, to, who, alt):
        def over_both(certification):
            return [key for key in self._staff(certification) if key in trainers_over(to)]

        self._certificate_step(
            "transfer",
            index,
            focused,
            LIVE_STATUSES,
            who,
            alt,
            over_both,
            lambda actor, c: certs.certification_transfer(
                actor=actor, certification=c, affiliate=self.world.orgs[to]
            ),
        )

    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def take_leave(self, index, focused, who, alt):
        self._certificate_step(
            "take_leave",
            index,
            focused,
            (S.ACTIVE,),
            who,
            alt,
            self._holder,
            lambda actor, c: certs.certification_leave(actor=actor, certification=c),
        )

    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def return_from_leave(self, index, focused, who, alt):
        self._certificate_step(
            "return_from_leave",
            index,
            focused,
            (S.ON_LEAVE,),
            who,
            alt,
            self._holder,
            lambda actor, c: certs.certification_return(actor=actor, certification=c),
        )

    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def renew(self, index, focused, who, alt):
        self._certificate_step(
            "renew",
            index,
            focused,
            self._renewable,
            who,
            alt,
            self._holder_or_staff,
            lambda actor, c: renewals.certification_renew(actor=actor, certification=c),
        )

    @rule(index=INDEX, focused=FOCUS, who=WHO, alt=ALT)
    def ask_for_renewal(self, index, focused, who, alt):
        self._certificate_step(
            "ask_for_renewal",
            index,
            focused,
            self._renewable,
            who,
            alt,
            self._holder,
            lambda actor, c: renewals.renewal_request(actor=actor, certification=c),
        )

    @precondition(lambda self: self.facts["requests"])
    @rule(index=INDEX, focused=FOCUS, approve=st.booleans(), who=WHO, alt=ALT)
    def decide_renewal_request(self, index, focused, approve, who, alt):
        requests = list(RenewalRequest.objects.select_related("certification").order_by("pk"))
        request = self.pick(
            requests, index, focused and (lambda r: r.status == RenewalRequestStatus.PENDING)
        )
        rightful = self._staff(request.certification)
        actor, key = self.act_as(who, rightful, alt)
        if actor is None:
            return
        if approve:
            call = lambda: renewals.renewal_approve(actor=actor, renewal_request=request)  # noqa: E731
        else:
            call = lambda: renewals.renewal_decline(  # noqa: E731
                actor=actor, renewal_request=request, reason=self.reason("declined")
            )
        self.attempt("decide_renewal_request", key, key in rightful, call)

    @rule(person=st.sampled_from((*TRAINEES, "bystander", "cleveland_coord")), who=WHO, alt=ALT)
    def close_account(self, person, who, alt):
        rightful = [person, *national_staff()]
        actor, key = self.act_as(who, rightful, alt)
        if actor is not None:
            self.attempt(
                "close_account",
                key,
                key in rightful,
                lambda: close_account(person=self.people[person], actor=actor, reason="asked"),
            )
            self.closing = True
