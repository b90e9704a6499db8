"""CSV downloads of the fidelity lists (`?format=csv` on the concern, case, observation and
improvement plan lists): the columns each file holds, the same rows as the page for every
role (every page of it, as filtered), what a file never holds (a reporter, what happened,
notes, a case's allegation, response or reasons), the formula guard, who is refused, the link
on each page, and query budgets that do not grow with the rows."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from certification.models import Concern, FidelityObservation
from certification.services.fidelity import concerns as svc
from certification.services.fidelity.cases import case_decide, case_respond
from certification.services.fidelity.plans import (
    improvement_plan_create,
    improvement_plan_follow_up,
)
from certification.views.fidelity import cases as case_views
from certification.views.fidelity import concerns as concern_views
from certification.views.fidelity import observations as observation_views
from tests.certification.conftest import issue
from tests.factories import UserFactory

from .test_case_services import (
    ALLEGATION,
    NEXT_YEAR,
    OPENED,
    REASONS,
    RESPONSE_DUE,
    at,
    issue_on_fixed_date,
    open_case,
)
from .test_observation_pages import observe

pytestmark = pytest.mark.django_db

CONCERNS = "/fidelity/concerns/"
CASES = "/fidelity/cases/"
OBSERVATIONS = "/fidelity/observations/"
PLANS = "/fidelity/plans/"
LISTS = (CONCERNS, CASES, OBSERVATIONS, PLANS)
LINK = "Download this list (CSV)"

WHAT_HAPPENED = "Met a member alone after the group (Saffron-4417)."
INJECTION = '=HYPERLINK("https://evil.example/","Click me")'

CONCERN_HEADER = [
    "Reference",
    "Received",
    "Status",
    "Severity",
    "Category",
    "Setting",
    "Facilitator",
    "Program",
    "Affiliate",
    "Owner",
    "Outcome",
    "Days open",
]
CASE_HEADER = [
    "Case",
    "Facilitator",
    "Program",
    "Affiliate",
    "Status",
    "Response due",
    "Decision",
    "Appeal due",
    "Final decision",
    "Opened",
    "Closed",
]
OBSERVATION_HEADER = [
    "Date",
    "Session",
    "Affiliate",
    "Program",
    "Facilitators",
    "Observer",
    "Average score (of 5)",
    "Items under threshold",
]
PLAN_HEADER = [
    "Facilitator",
    "Affiliate",
    "From",
    "Follow up by",
    "Status",
    "Followed up on",
    "Actions",
]


# --- helpers -------------------------------------------------------------------------------


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment; ")
    return list(csv.reader(io.StringIO(response.content.decode())))


def download(client, user, url, **params):
    client.force_login(user)
    return client.get(url, {**params, "format": "csv"})


def rows_of(client, user, url, **params):
    """The file's rows without its header."""
    return read_csv(download(client, user, url, **params))[1:]


def listed(client, user, url, **params):
    """Every row the page lists, on all its pages, in the page's order."""
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["page"].paginator.object_list)


def report(certification, **overrides):
    fields = {
        "actor": None,
        "certification": certification,
        "category": "boundaries",
        "what_happened": WHAT_HAPPENED,
        "happened_on": None,
        "setting": "group",
    }
    fields.update(overrides)
    return svc.concern_report(**fields)


def triage(concern, trainer, severity="low"):
    return svc.concern_triage(actor=trainer, concern=concern, severity=severity, owner=trainer)


def resolve(concern, trainer, outcome="unfounded", **kwargs):
    triage(concern, trainer)
    svc.concern_review_start(actor=trainer, concern=concern)
    return svc.concern_resolve(actor=trainer, concern=concern, outcome=outcome, **kwargs)


def in_a_month():
    return timezone.localdate() + datetime.timedelta(days=30)


def plan_from_observation(person, affiliate, program, observer, actions="Reread the script."):
    observation = observe(affiliate, program, observer, [person], average="2.50", below=1)
    plan = improvement_plan_create(
        actor=observer,
        facilitator=person,
        affiliate=affiliate,
        actions=actions,
        due_on=in_a_month(),
        observation=observation,
    )
    return observation, plan


@pytest.fixture
def dayton_certification(program, dayton):
    return issue(UserFactory(full_name="Dora Quist"), program, dayton)


@pytest.fixture
def austin_certification(program, austin):
    return issue(UserFactory(full_name="Abel Ruiz"), program, austin)


# --- concerns ------------------------------------------------------------------------------


def test_concern_csv_columns_and_order(client, certification, ohio_trainer, cleveland_coordinator):
    waiting = report(certification, category="privacy", setting="one_to_one")
    Concern.objects.filter(pk=waiting.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=3)
    )
    waiting.refresh_from_db()
    triaged = triage(report(certification), ohio_trainer, severity="high")
    resolved = resolve(report(certification), ohio_trainer, summary="Nothing found.")
    today = timezone.localdate()

    response = download(client, cleveland_coordinator, CONCERNS)
    assert response["Content-Disposition"] == (
        f'attachment; filename="concerns-{today.isoformat()}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == CONCERN_HEADER
    received = timezone.localdate(waiting.received_at)
    assert rows[1] == [
        waiting.reference,
        received.isoformat(),
        "Received",
        "",
        "Privacy and confidentiality",
        "One-to-one mentoring",
        "Frank Hollis",
        "Peer Mentor",
        "Cleveland Peer Support",
        "",
        "",
        str((today - received).days),
    ]
    assert rows[2][0] == triaged.reference
    assert rows[2][2:4] == ["Triaged", "High"]
    assert rows[2][9:] == ["Tomas Alvarez", "", "0"]
    # A resolved concern has its outcome and no age.
    assert rows[3][0] == resolved.reference
    assert rows[3][2] == "Resolved"
    assert rows[3][10:] == ["Unfounded", ""]
    # Open ones first, oldest first: the page's order.
    assert [row[0] for row in rows[1:]] == [
        c.reference for c in listed(client, cleveland_coordinator, CONCERNS)
    ]


def test_concern_csv_has_every_page(client, certification, ohio_trainer, monkeypatch):
    monkeypatch.setattr(concern_views, "PAGE_SIZE", 2)
    for _ in range(5):
        report(certification)
    client.force_login(ohio_trainer)
    assert len(client.get(CONCERNS).context["page"].object_list) == 2
    rows = rows_of(client, ohio_trainer, CONCERNS, page=2)
    assert [row[0] for row in rows] == [c.reference for c in listed(client, ohio_trainer, CONCERNS)]
    assert len(rows) == 5


def test_concern_csv_applies_the_filters(
    client,
    certification,
    dayton_certification,
    austin_certification,
    national_staff,
    ohio_trainer,
    program,
    ohio,
    dayton,
):
    privacy = triage(report(certification, category="privacy"), ohio_trainer, severity="high")
    safety = report(certification, category="safety")
    at_dayton = report(dayton_certification)
    in_texas = report(austin_certification)
    resolved = resolve(report(certification), ohio_trainer, summary="Done.")
    cases = [
        ({"status": "triaged"}, [privacy]),
        ({"status": "open"}, [privacy, safety, at_dayton, in_texas]),
        ({"status": "resolved"}, [resolved]),
        ({"category": "privacy"}, [privacy]),
        ({"severity": "high"}, [privacy]),
        ({"severity": "none"}, [safety, at_dayton, in_texas]),
        ({"affiliate": dayton.slug}, [at_dayton]),
        ({"affiliate": ohio.slug, "status": "open"}, [privacy, safety, at_dayton]),
        ({"program": str(program.pk), "category": "safety"}, [safety]),
        ({"status": "nonsense"}, [privacy, safety, at_dayton, in_texas, resolved]),
    ]
    for params, expected in cases:
        refs = [row[0] for row in rows_of(client, national_staff, CONCERNS, **params)]
        assert refs == [c.reference for c in listed(client, national_staff, CONCERNS, **params)]
        assert sorted(refs) == sorted(c.reference for c in expected), params
    # An unknown affiliate is a 404 for the file as for the page.
    assert client.get(CONCERNS, {"format": "csv", "affiliate": "nowhere"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "affiliates"),
    [
        ("cleveland_coordinator", {"Cleveland Peer Support"}),
        ("dayton_coordinator", {"Dayton Peer Support"}),
        ("ohio_trainer", {"Cleveland Peer Support", "Dayton Peer Support"}),
        ("texas_trainer", {"Austin Peer Support"}),
        (
            "national_staff",
            {"Cleveland Peer Support", "Dayton Peer Support", "Austin Peer Support"},
        ),
    ],
)
def test_concern_csv_scope_per_role(
    client, certification, dayton_certification, austin_certification, role, affiliates, request
):
    for held in (certification, dayton_certification, austin_certification):
        report(held)
        report(held)
    user = request.getfixturevalue(role)
    rows = rows_of(client, user, CONCERNS)
    assert {row[8] for row in rows} == affiliates
    assert [row[0] for row in rows] == [c.reference for c in listed(client, user, CONCERNS)]


@pytest.mark.parametrize("role", ["outsider", "facilitator"])
def test_concern_csv_is_refused_like_the_page(client, certification, role, request):
    report(certification)
    client.force_login(request.getfixturevalue(role))
    assert client.get(CONCERNS).status_code == 403
    assert client.get(CONCERNS, {"format": "csv"}).status_code == 403


def test_every_csv_asks_an_anonymous_visitor_to_sign_in(client, db):
    for url in LISTS:
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- what a file never holds, and the formula guard ------------------------------------------


def test_no_csv_names_a_reporter_or_holds_what_happened_or_notes(
    client, certification, ohio_trainer, cleveland_coordinator, national_staff, program
):
    reporter = UserFactory(full_name="Rosalind Quayle", email="rosalind.quayle@example.org")
    confidential = report(certification, actor=reporter, reporter_is_confidential=True)
    public = report(
        issue(UserFactory(full_name="Gale Ortiz"), program, certification.affiliate),
        reporter_name="Perpetua Vance",
        reporter_email="perpetua.vance@example.org",
        reporter_phone="555-0142",
        reporter_is_confidential=True,
    )
    open_one = report(certification, actor=reporter, reporter_is_confidential=True)
    svc.concern_note_add(actor=ohio_trainer, concern=open_one, text="Called back (Juniper-3318).")
    resolve(
        confidential,
        ohio_trainer,
        outcome="coaching",
        summary="Coaching agreed (Tamarind-9902).",
        plan_actions="Co-facilitate with a mentor for two months.",
        plan_due_on=in_a_month(),
    )
    resolve(
        public,
        ohio_trainer,
        outcome="decertification_case",
        summary="Serious (Tamarind-9902).",
        allegation=ALLEGATION,
    )
    # National staff may see who reported it on the concern's page; still never in a file.
    client.force_login(national_staff)
    assert "Rosalind Quayle" in client.get(f"{CONCERNS}{confidential.reference}/").content.decode()

    never = [
        "Rosalind",
        "Quayle",
        "rosalind.quayle",
        "Perpetua",
        "perpetua.vance",
        "555-0142",
        "Saffron-4417",
        "Juniper-3318",
        "Tamarind-9902",
        "Quince-7781",
    ]
    for user in (cleveland_coordinator, ohio_trainer, national_staff):
        files = {url: download(client, user, url).content.decode() for url in LISTS}
        for url, content in files.items():
            for text in never:
                assert text not in content, (user, url, text)
        assert confidential.reference in files[CONCERNS]
        assert "Gale Ortiz" in files[CASES]
        assert f"Concern {confidential.reference}" in files[PLANS]


def test_every_csv_guards_against_formulas(
    client, program, cleveland, ohio_trainer, cleveland_coordinator
):
    evil = UserFactory(full_name=INJECTION)
    held = issue(evil, program, cleveland)
    report(held)
    resolve(
        report(held),
        ohio_trainer,
        outcome="decertification_case",
        summary="Serious.",
        allegation=ALLEGATION,
    )
    plan_from_observation(
        evil, cleveland, program, cleveland_coordinator, actions="=cmd|' /C calc'!A0"
    )
    for url in LISTS:
        rows = rows_of(client, ohio_trainer, url)
        cells = [cell for row in rows for cell in row]
        assert f"'{INJECTION}" in cells, url
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), url
    plan_rows = rows_of(client, ohio_trainer, PLANS)
    assert plan_rows[0][-1] == "'=cmd|' /C calc'!A0"


# --- cases ---------------------------------------------------------------------------------


@pytest.fixture
def fixed_certification(facilitator, program, cleveland):
    """Frank's certificate, issued on the fixed date the case tests start from."""
    return issue_on_fixed_date(facilitator, program, cleveland)


def test_case_csv_columns_and_order(
    client, fixed_certification, facilitator, ohio_trainer, national_staff, program, cleveland
):
    waiting = open_case(fixed_certification, ohio_trainer)
    kept = open_case(
        issue_on_fixed_date(UserFactory(full_name="Gale Ortiz"), program, cleveland), ohio_trainer
    )
    appealable = open_case(
        issue_on_fixed_date(UserFactory(full_name="Hal Moreno"), program, cleveland),
        ohio_trainer,
    )
    decided_on = OPENED + datetime.timedelta(days=40)
    with at(decided_on):
        case_decide(actor=ohio_trainer, case=kept, decision="keep", reasons=REASONS)
    with at(OPENED + datetime.timedelta(days=5)):
        case_respond(
            actor=appealable.certification.person,
            case=appealable,
            response="A misunderstanding (Clove-5521).",
        )
        appealable = case_decide(
            actor=ohio_trainer,
            case=appealable,
            decision="decertify",
            reasons=REASONS,
            may_reenroll_on=NEXT_YEAR,
        )

    day = OPENED + datetime.timedelta(days=41)
    with at(day):
        response = download(client, national_staff, CASES)
        assert response["Content-Disposition"] == (
            f'attachment; filename="cases-{day.isoformat()}.csv"'
        )
        rows = read_csv(response)
        page = listed(client, national_staff, CASES)
    assert rows[0] == CASE_HEADER
    body = {row[0]: row for row in rows[1:]}
    assert body[str(waiting.pk)] == [
        str(waiting.pk),
        "Frank Hollis",
        "Peer Mentor",
        "Cleveland Peer Support",
        "Waiting for the facilitator's response",
        RESPONSE_DUE.isoformat(),
        "",
        "",
        "",
        OPENED.isoformat(),
        "",
    ]
    assert body[str(appealable.pk)][4:9] == [
        "Decided; appeal window open",
        RESPONSE_DUE.isoformat(),
        "Decertify",
        appealable.appeal_due_on.isoformat(),
        "",
    ]
    assert body[str(kept.pk)][4:] == [
        "Closed",
        RESPONSE_DUE.isoformat(),
        "Keep the certification",
        "",
        "Keep the certification",
        OPENED.isoformat(),
        decided_on.isoformat(),
    ]
    # Open cases first, then closed: the page's order.
    assert [row[0] for row in rows[1:]] == [str(case.pk) for case in page]
    assert rows[-1][0] == str(kept.pk)
    content = response.content.decode()
    for text in ("Quince-7781", "Marigold-5512", "Clove-5521"):  # allegation, reasons, response
        assert text not in content


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("cleveland_coordinator", {"Frank Hollis"}),
        ("dayton_coordinator", {"Dora Quist"}),
        ("ohio_trainer", {"Frank Hollis", "Dora Quist"}),
        ("texas_trainer", set()),
        ("national_staff", {"Frank Hollis", "Dora Quist"}),
        # A facilitator's own case is not among the cases they follow.
        ("facilitator", set()),
        ("outsider", set()),
    ],
)
def test_case_csv_scope_per_role(
    client, fixed_certification, ohio_trainer, program, dayton, role, names, request
):
    open_case(fixed_certification, ohio_trainer)
    open_case(
        issue_on_fixed_date(UserFactory(full_name="Dora Quist"), program, dayton), ohio_trainer
    )
    user = request.getfixturevalue(role)
    with at(OPENED):
        rows = read_csv(download(client, user, CASES))
        page = listed(client, user, CASES)
    assert rows[0] == CASE_HEADER
    assert {row[1] for row in rows[1:]} == names
    assert [row[0] for row in rows[1:]] == [str(case.pk) for case in page]


def test_case_csv_has_every_page(
    client, fixed_certification, ohio_trainer, national_staff, program, cleveland, monkeypatch
):
    monkeypatch.setattr(case_views, "PER_PAGE", 1)
    open_case(fixed_certification, ohio_trainer)
    for name in ("Gale Ortiz", "Hal Moreno"):
        open_case(
            issue_on_fixed_date(UserFactory(full_name=name), program, cleveland), ohio_trainer
        )
    with at(OPENED):
        client.force_login(national_staff)
        assert len(client.get(CASES).context["page"].object_list) == 1
        rows = rows_of(client, national_staff, CASES, page=2)
    assert len(rows) == 3


# --- observations --------------------------------------------------------------------------


def test_observation_csv_columns_filters_and_scope(
    client,
    certification,
    facilitator,
    cleveland_coordinator,
    dayton_coordinator,
    ohio_trainer,
    program,
    cleveland,
    dayton,
):
    partner = UserFactory(full_name="Ana Able")
    here = observe(cleveland, program, cleveland_coordinator, [facilitator, partner], "2.50", 3, 1)
    FidelityObservation.objects.filter(pk=here.pk).update(notes="Quiet room (Saffron-4417).")
    there = observe(dayton, program, dayton_coordinator, [UserFactory(full_name="Dora Quist")])
    today = timezone.localdate()

    response = download(client, ohio_trainer, OBSERVATIONS)
    assert response["Content-Disposition"] == (
        f'attachment; filename="observations-{today.isoformat()}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == OBSERVATION_HEADER
    assert rows[1] == [
        today.isoformat(),
        "Class",
        "Dayton Peer Support",
        "Peer Mentor",
        "Dora Quist",
        "Dana Okafor",
        "4.00",
        "0",
    ]
    assert rows[2] == [
        (today - datetime.timedelta(days=3)).isoformat(),
        "Class",
        "Cleveland Peer Support",
        "Peer Mentor",
        "Ana Able; Frank Hollis",
        "Carla Reyes",
        "2.50",
        "1",
    ]
    assert "Saffron-4417" not in response.content.decode()  # never the notes

    def ids(user, **params):
        got = [row[2] for row in rows_of(client, user, OBSERVATIONS, **params)]
        page = listed(client, user, OBSERVATIONS, **params)
        assert got == [observation.affiliate.name for observation in page]
        return [observation.pk for observation in page]

    assert ids(ohio_trainer, affiliate=dayton.slug) == [there.pk]
    assert ids(ohio_trainer, program=program.pk) == [there.pk, here.pk]
    assert ids(ohio_trainer, program=program.pk + 999) == [there.pk, here.pk]  # ignored
    assert ids(cleveland_coordinator) == [here.pk]
    assert ids(dayton_coordinator) == [there.pk]
    # A facilitator sees the sessions they led.
    assert ids(facilitator) == [here.pk]
    assert ids(UserFactory()) == []


def test_observation_csv_has_every_page(
    client, certification, facilitator, cleveland_coordinator, program, cleveland, monkeypatch
):
    monkeypatch.setattr(observation_views, "PAGE_SIZE", 2)
    for days_ago in range(5):
        observe(cleveland, program, cleveland_coordinator, [facilitator], days_ago=days_ago)
    client.force_login(cleveland_coordinator)
    assert len(client.get(OBSERVATIONS).context["page"].object_list) == 2
    assert len(rows_of(client, cleveland_coordinator, OBSERVATIONS, page=3)) == 5


# --- improvement plans ---------------------------------------------------------------------


def test_plan_csv_columns_and_scope(
    client,
    certification,
    dayton_certification,
    facilitator,
    cleveland_coordinator,
    dayton_coordinator,
    ohio_trainer,
    program,
    cleveland,
    dayton,
):
    observation, from_observation = plan_from_observation(
        facilitator, cleveland, program, cleveland_coordinator, actions="Reread the privacy script."
    )
    concern = resolve(
        report(certification),
        ohio_trainer,
        outcome="coaching",
        summary="Coaching.",
        plan_actions="Co-facilitate for two months.",
        plan_due_on=in_a_month() + datetime.timedelta(days=1),
    )
    from_concern = concern.plans.get()
    improvement_plan_follow_up(
        actor=cleveland_coordinator, plan=from_concern, met=True, result="Fine now (Clove-5521)."
    )
    _, at_dayton = plan_from_observation(
        dayton_certification.person, dayton, program, dayton_coordinator
    )
    today = timezone.localdate()

    response = download(client, cleveland_coordinator, PLANS)
    assert response["Content-Disposition"] == (
        f'attachment; filename="improvement-plans-{today.isoformat()}.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == PLAN_HEADER
    assert rows[1:] == [
        [
            "Frank Hollis",
            "Cleveland Peer Support",
            f"Observation of {observation.observed_on.isoformat()}",
            from_observation.due_on.isoformat(),
            "Open",
            "",
            "Reread the privacy script.",
        ],
        [
            "Frank Hollis",
            "Cleveland Peer Support",
            f"Concern {concern.reference}",
            from_concern.due_on.isoformat(),
            "Followed up: met",
            today.isoformat(),
            "Co-facilitate for two months.",
        ],
    ]
    assert "Clove-5521" not in response.content.decode()  # the follow-up stays on its page

    def plans(user):
        got = [row[0] for row in rows_of(client, user, PLANS)]
        page = listed(client, user, PLANS)
        assert got == [plan.facilitator.full_name for plan in page]
        return [plan.pk for plan in page]

    assert plans(dayton_coordinator) == [at_dayton.pk]
    assert plans(ohio_trainer) == [from_observation.pk, at_dayton.pk, from_concern.pk]
    # A facilitator's own plans are on their page, not in the list of plans they review.
    assert plans(facilitator) == []


def test_plan_csv_has_every_page(
    client, certification, facilitator, cleveland_coordinator, program, cleveland, monkeypatch
):
    monkeypatch.setattr(observation_views, "PAGE_SIZE", 2)
    for _ in range(5):
        plan_from_observation(facilitator, cleveland, program, cleveland_coordinator)
    client.force_login(cleveland_coordinator)
    assert len(client.get(PLANS).context["page"].object_list) == 2
    assert len(rows_of(client, cleveland_coordinator, PLANS)) == 5


# --- the link on each page -----------------------------------------------------------------


def test_each_list_links_to_its_csv_with_its_filters(
    client, certification, facilitator, ohio_trainer, cleveland_coordinator, program, cleveland
):
    report(certification, category="privacy")
    plan_from_observation(facilitator, cleveland, program, cleveland_coordinator)
    resolve(
        report(certification),
        ohio_trainer,
        outcome="decertification_case",
        summary="Serious.",
        allegation=ALLEGATION,
    )
    client.force_login(ohio_trainer)
    pages = {
        CONCERNS: ({"category": "privacy", "page": "1"}, "?category=privacy&amp;format=csv"),
        CASES: ({}, "?format=csv"),
        OBSERVATIONS: ({"program": program.pk}, f"?program={program.pk}&amp;format=csv"),
        PLANS: ({"page": "1"}, "?format=csv"),
    }
    for url, (params, href) in pages.items():
        content = client.get(url, params).content.decode()
        assert f'<a class="button" href="{href}">{LINK}</a>' in content, url
        # Following the link gives the file the page describes.
        assert read_csv(client.get(url + href.replace("&amp;", "&")))[1:], url


def test_no_link_when_the_list_is_empty(client, ohio_trainer):
    client.force_login(ohio_trainer)
    for url in LISTS:
        assert LINK not in client.get(url).content.decode(), url


# --- query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_concern_csv_queries_do_not_grow(
    client, ohio_trainer, program, cleveland, django_assert_max_num_queries, count
):
    for index in range(count):
        concern = report(issue(UserFactory(), program, cleveland))
        if index % 2:
            triage(concern, ohio_trainer)
    client.force_login(ohio_trainer)
    # Session, user, the reviewer's reach, the rows, and the download's sensitive-read row.
    with django_assert_max_num_queries(5):
        rows = read_csv(client.get(CONCERNS, {"format": "csv"}))
    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [2, 12])
def test_case_csv_queries_do_not_grow(
    client, ohio_trainer, national_staff, program, cleveland, django_assert_max_num_queries, count
):
    for index in range(count):
        open_case(
            issue_on_fixed_date(UserFactory(full_name=f"P {index}"), program, cleveland),
            ohio_trainer,
        )
    with at(OPENED):
        client.force_login(national_staff)
        # Session, user, the rows, and the download's sensitive-read row.
        with django_assert_max_num_queries(4):
            rows = read_csv(client.get(CASES, {"format": "csv"}))
    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [2, 12])
def test_observation_csv_queries_do_not_grow(
    client, cleveland_coordinator, program, cleveland, django_assert_max_num_queries, count
):
    for index in range(count):
        people = [UserFactory(), UserFactory()]
        observe(cleveland, program, cleveland_coordinator, people, days_ago=index)
    client.force_login(cleveland_coordinator)
    # Session, user, whether the person records observations, the rows and their facilitators,
    # and the download's sensitive-read row.
    with django_assert_max_num_queries(7):
        rows = read_csv(client.get(OBSERVATIONS, {"format": "csv", "affiliate": cleveland.slug}))
    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [2, 12])
def test_plan_csv_queries_do_not_grow(
    client, cleveland_coordinator, program, cleveland, django_assert_max_num_queries, count
):
    for index in range(count):
        person = UserFactory()
        if index % 2:
            plan_from_observation(person, cleveland, program, cleveland_coordinator)
        else:
            observe(cleveland, program, cleveland_coordinator, [person])
            held = issue(person, program, cleveland)
            improvement_plan_create(
                actor=cleveland_coordinator,
                facilitator=person,
                affiliate=cleveland,
                actions="Reread the script.",
                due_on=in_a_month(),
                concern=report(held),
            )
    client.force_login(cleveland_coordinator)
    # Session, user, the rows, and the download's sensitive-read row.
    with django_assert_max_num_queries(4):
        rows = read_csv(client.get(PLANS, {"format": "csv"}))
    assert len(rows) == count + 1
