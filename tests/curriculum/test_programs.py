"""Page tree rules, program progress across modules and programs, "My training", the
certification selector, and query budgets that do not grow with content or attempts."""

import uuid

import pytest
from django.urls import reverse
from wagtail.models import Page

from curriculum import selectors, services
from curriculum.models import ModulePage, ProgramPage, TrainingIndexPage
from lms.models import HomePage

from .conftest import ALL_RIGHT, ONE_RIGHT, make_module


def pass_module(learner, module):
    return services.knowledge_check_submit(
        actor=learner, module=module, answers=ALL_RIGHT, submission_token=uuid.uuid4()
    )


def test_page_tree_rules(training):
    index, program = training["index"], training["program"]
    home = HomePage.objects.get()
    assert TrainingIndexPage.can_create_at(home) is False  # only one training index
    assert ProgramPage.can_create_at(index)
    assert not ProgramPage.can_create_at(home)
    assert ModulePage.can_create_at(program)
    assert not ModulePage.can_create_at(index)
    assert not ModulePage.can_create_at(training["boundaries"])
    assert not ProgramPage.can_create_at(program)
    assert ModulePage.allowed_subpage_models() == []
    assert [m.__name__ for m in HomePage.allowed_subpage_models()] == ["TrainingIndexPage"]


def test_program_progress_counts_required_modules_and_the_next_step(training, trainee):
    program = training["program"]
    optional = make_module(program, "extra", required=False)
    progress = selectors.program_progress(trainee, program)
    assert (progress.passed_required, len(progress.required), progress.percent) == (0, 2, 0)
    assert progress.next_module.module.pk == training["boundaries"].pk

    pass_module(trainee, training["boundaries"])
    progress = selectors.program_progress(trainee, program)
    assert (progress.passed_required, progress.percent) == (1, 50)
    assert progress.next_module.module.pk == training["privacy"].pk
    assert not selectors.passed_required_modules(trainee, program)

    pass_module(trainee, training["privacy"])
    progress = selectors.program_progress(trainee, program)
    assert progress.complete and progress.percent == 100
    assert progress.next_module.module.pk == optional.pk  # optional work is still offered
    assert selectors.passed_required_modules(trainee, program)


def test_a_module_shared_by_alias_counts_in_both_programs(training, trainee):
    other = ProgramPage(title="Peer Mentor", slug="peer-mentor")
    training["index"].add_child(instance=other)
    alias = training["boundaries"].create_alias(parent=other)
    training["privacy"].create_alias(parent=other)

    pass_module(trainee, alias)  # passed through the Peer Mentor copy
    for program in (training["program"], other):
        assert selectors.program_progress(trainee, program).passed_required == 1


def test_page_shows_the_progress_bar_and_continue(client, training, trainee):
    client.force_login(trainee)
    services.section_visit(actor=trainee, module=training["boundaries"], number=1)
    content = client.get(training["program"].url).content.decode()
    assert "0 of 2 required modules passed" in content
    assert "Continue with Boundaries" in content
    pass_module(trainee, training["boundaries"])
    pass_module(trainee, training["privacy"])
    content = client.get(training["program"].url).content.decode()
    assert 'aria-valuenow="100"' in content
    assert "You passed every required module" in content


def test_my_training_lists_enrolled_programs_from_day_one_and_no_others(
    client, training, trainee, tree
):
    from certification.services.enrollments import enrollment_create

    client.force_login(trainee)
    empty = client.get(reverse("curriculum:my_training")).content.decode()
    assert "You are not enrolled in a program yet." in empty
    assert training["index"].url in empty

    # Progress in a program the person is not enrolled in is not shown.
    other = ProgramPage(title="Peer Mentor", slug="peer-mentor")
    training["index"].add_child(instance=other)
    pass_module(trainee, make_module(other, "listening"))
    assert "Peer Mentor" not in client.get(reverse("curriculum:my_training")).content.decode()

    # Enrolled, nothing started yet: listed from the first day, with where to start.
    enrollment_create(
        actor=trainee, person=trainee, program=training["program"], affiliate=tree["cleveland"]
    )
    content = client.get(reverse("curriculum:my_training")).content.decode()
    assert "Support Group Facilitator" in content
    assert "0 of 2 required modules passed" in content
    assert "Start with Boundaries" in content
    assert "Boundaries: not started" in content
    assert "Peer Mentor" not in content

    services.knowledge_check_submit(
        actor=trainee,
        module=training["boundaries"],
        answers=ONE_RIGHT,
        submission_token=uuid.uuid4(),
    )
    content = client.get(reverse("curriculum:my_training")).content.decode()
    assert "Boundaries: in progress" in content
    assert "Continue with Boundaries" in content
    pass_module(trainee, training["boundaries"])
    pass_module(trainee, training["privacy"])
    content = client.get(reverse("curriculum:my_training")).content.decode()
    assert "Completed on" in content
    assert "Boundaries: passed" in content


def test_without_a_registered_provider_my_training_lists_started_programs(
    training, trainee, monkeypatch
):
    """The curriculum on its own (no certification app to say who is enrolled where) falls
    back to the programs the learner has started."""
    monkeypatch.setattr(selectors, "_learner_programs", None)
    assert selectors.my_training(trainee) == []
    pass_module(trainee, training["boundaries"])
    [progress] = selectors.my_training(trainee)
    assert progress.program.pk == training["program"].pk


def test_passing_a_check_offers_the_next_module_then_the_checklist(client, training, trainee):
    client.force_login(trainee)
    attempt = pass_module(trainee, training["boundaries"])
    url = training["boundaries"].url + training["boundaries"].reverse_subpage(
        "attempt", args=[attempt.pk]
    )
    content = client.get(url).content.decode()
    assert f'href="{training["privacy"].url}">Next module: Privacy</a>' in content
    attempt = pass_module(trainee, training["privacy"])
    url = training["privacy"].url + training["privacy"].reverse_subpage(
        "attempt", args=[attempt.pk]
    )
    content = client.get(url).content.decode()
    assert "Next module" not in content
    assert f'href="{reverse("dashboard")}">Every module is passed: see your next steps' in content
    failed = services.knowledge_check_submit(
        actor=trainee,
        module=training["boundaries"],
        answers=ONE_RIGHT,
        submission_token=uuid.uuid4(),
    )
    url = training["boundaries"].url + training["boundaries"].reverse_subpage(
        "attempt", args=[failed.pk]
    )
    assert "Next module" not in client.get(url).content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_query_budgets_do_not_grow_with_modules_and_attempts(
    client, training, trainee, django_assert_max_num_queries, count
):
    program = training["program"]
    modules = [training["boundaries"]] + [
        make_module(program, f"module-{n}") for n in range(count - 1)
    ]
    for module in modules:
        services.knowledge_check_submit(
            actor=trainee, module=module, answers=ONE_RIGHT, submission_token=uuid.uuid4()
        )
    for _ in range(min(count, 2)):
        services.knowledge_check_submit(
            actor=trainee,
            module=training["boundaries"],
            answers=ONE_RIGHT,
            submission_token=uuid.uuid4(),
        )
    client.force_login(trainee)
    urls = [
        training["boundaries"].url,
        training["boundaries"].url + "section/1/",
        training["boundaries"].url + "check/",
        program.url,
        training["index"].url,
        reverse("curriculum:my_training"),
    ]
    for url in urls:
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url


def test_seed_curriculum_is_idempotent_and_writes_full_modules(db):
    from django.core.management import call_command

    call_command("seed_curriculum")
    pages = Page.objects.count()
    call_command("seed_curriculum")
    assert Page.objects.count() == pages

    programs = ProgramPage.objects.order_by("path")
    assert [p.title for p in programs] == ["Support Group Facilitator", "Peer Mentor"]
    originals = ModulePage.objects.filter(alias_of__isnull=True)
    assert sorted(m.slug for m in originals) == ["boundaries", "documentation", "privacy", "scope"]
    assert ModulePage.objects.filter(alias_of__isnull=False).count() == 4
    for module in originals:
        assert 3 <= len(module.objectives) <= 6
        assert len(module.lessons) >= 4
        scenarios = [
            block
            for section in module.lessons
            for block in section.value["body"]
            if block.block_type == "scenario"
        ]
        assert len(scenarios) >= 2
        assert all(block.id for block in scenarios)  # responses are kept by scenario id
        assert len(module.questions) >= 8
        assert all(q.value["explanation"].strip() for q in module.questions)


def test_seeded_content_never_names_a_dose_as_advice(db):
    """A guard on the core content: no dosage units appear as something to tell a member."""
    import re

    from curriculum.content import CORE_MODULES

    for module in CORE_MODULES:
        for question in module["questions"]:
            for option in question.get("options", []):
                if option["correct"]:
                    assert not re.search(r"\b\d+\s?(mg|ml|milligrams?)\b", option["text"], re.I)
