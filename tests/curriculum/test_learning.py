"""A learner through the real pages: privacy, sections and "continue", scenarios, the
knowledge check with its limits, and results that do not change when the module does."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from curriculum.models import KnowledgeCheckAttempt, ModulePage, ModuleProgress

from .conftest import ALL_RIGHT, ONE_RIGHT, section_url, submit_url


def post_answers(client, module, answers, token=None):
    data = {"submission_token": str(token or uuid.uuid4())}
    for key, value in answers.items():
        data[f"q-{key}"] = value
    return client.post(submit_url(module), data)


@pytest.mark.parametrize(
    "which", ["index", "program", "boundaries", "section", "check", "my_training"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, training, which):
    urls = {
        "index": training["index"].url,
        "program": training["program"].url,
        "boundaries": training["boundaries"].url,
        "section": section_url(training["boundaries"], 1),
        "check": submit_url(training["boundaries"]),
        "my_training": reverse("curriculum:my_training"),
    }
    response = client.get(urls[which])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_learner_pages_are_private_and_never_stored(client, training, trainee):
    client.force_login(trainee)
    for url in (
        training["program"].url,
        training["boundaries"].url,
        section_url(training["boundaries"], 1),
        submit_url(training["boundaries"]),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control
        assert "no-store" in cache_control


def test_sections_one_at_a_time_and_continue_where_you_left_off(client, training, trainee):
    module = training["boundaries"]
    client.force_login(trainee)
    page = client.get(section_url(module, 2)).content.decode()
    assert "Section 2 of 3" in page
    assert 'aria-valuenow="67"' in page
    assert "About Section 2." in page and "About Section 1." not in page

    progress = ModuleProgress.objects.get(learner=trainee, module=module)
    assert (progress.current_section, progress.furthest_section) == (2, 2)
    overview = client.get(module.url).content.decode()
    assert "Continue where you left off (section 2)" in overview
    assert section_url(module, 2) in overview

    client.get(section_url(module, 3))
    client.get(section_url(module, 1))
    progress.refresh_from_db()
    assert (progress.current_section, progress.furthest_section) == (1, 3)
    assert progress.lessons_completed_at is not None
    assert client.get(section_url(module, 4)).status_code == 404


def test_scenario_suggested_approach_shows_only_after_a_response(client, training, trainee):
    module = training["boundaries"]
    client.force_login(trainee)
    before = client.get(section_url(module, 2)).content.decode()
    assert "SUGGESTED-APPROACH-TEXT" not in before
    assert "What would you do?" in before

    empty = client.post(section_url(module, 2), {"scenario": "boundaries-scenario", "response": ""})
    assert empty.status_code == 302
    assert "SUGGESTED-APPROACH-TEXT" not in client.get(section_url(module, 2)).content.decode()

    client.post(
        section_url(module, 2),
        {"scenario": "boundaries-scenario", "response": "I would thank them and say no."},
    )
    after = client.get(section_url(module, 2)).content.decode()
    assert "SUGGESTED-APPROACH-TEXT" in after
    assert "I would thank them and say no." in after


def test_no_correct_answer_feedback_or_explanation_in_the_page_before_submitting(
    client, training, trainee
):
    client.force_login(trainee)
    page = client.get(submit_url(training["boundaries"])).content.decode()
    assert "Refer to the care team" in page  # the options are there…
    for secret in ("FEEDBACK-", "EXPLANATION-", "is_correct", "correct"):
        assert secret not in page  # …but nothing that tells which one is right


def test_submitting_grades_on_the_server_and_shows_feedback(client, training, trainee):
    module = training["boundaries"]
    client.force_login(trainee)
    response = post_answers(client, module, ONE_RIGHT)
    assert response.status_code == 302
    attempt = KnowledgeCheckAttempt.objects.get(learner=trainee)
    assert (attempt.score, attempt.passed) == (33, False)
    result = client.get(response["Location"]).content.decode()
    assert "Not passed yet." in result
    assert "You scored 33%" in result
    assert "FEEDBACK-WRONG-DOSE" in result
    assert "EXPLANATION-SINGLE" in result
    assert "You also needed: Follow-ups" in result

    response = post_answers(client, module, ALL_RIGHT)
    result = client.get(response["Location"]).content.decode()
    assert "You passed." in result
    progress = ModuleProgress.objects.get(learner=trainee, module=module)
    assert progress.passed and progress.best_score == 100


def test_unanswered_questions_get_a_message_and_record_nothing(client, training, trainee):
    client.force_login(trainee)
    response = post_answers(client, training["boundaries"], {"q-single": "1"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Please answer every question. Not answered yet: 2, 3." in content
    assert 'value="1" checked' in content  # what was chosen is kept
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_null_character_in_an_answer_or_a_response_is_refused_and_records_nothing(
    client, training, trainee
):
    """Found by the form fuzzing tests (tests/property) on PostgreSQL, whose JSON cannot hold
    a NUL character: a forged answer or scenario response with one was a 500 there."""
    module = training["boundaries"]
    client.force_login(trainee)
    response = post_answers(client, module, {**ALL_RIGHT, "q-multi": ["0", "\x00"]})
    assert response.status_code == 400
    assert "cannot be saved" in response.content.decode()
    assert not KnowledgeCheckAttempt.objects.exists()
    client.get(section_url(module, 2))
    refused = client.post(
        section_url(module, 2),
        {"scenario": "boundaries-scenario", "response": "No\x00"},
        follow=True,
    )
    assert "cannot be saved" in refused.content.decode()
    assert ModuleProgress.objects.get(learner=trainee).scenario_responses == {}


def test_double_submit_records_one_attempt(client, training, trainee):
    client.force_login(trainee)
    token = uuid.uuid4()
    first = post_answers(client, training["boundaries"], ONE_RIGHT, token)
    second = post_answers(client, training["boundaries"], ONE_RIGHT, token)
    assert first["Location"] == second["Location"]
    assert KnowledgeCheckAttempt.objects.filter(learner=trainee).count() == 1


def test_three_attempts_in_24_hours_then_a_clear_message(client, training, trainee):
    module = training["boundaries"]
    client.force_login(trainee)
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            assert post_answers(client, module, ONE_RIGHT).status_code == 302
        refused = post_answers(client, module, ALL_RIGHT)
        assert refused.status_code == 400
        assert "You have used all 3 attempts for the last 24 hours" in refused.content.decode()
        assert "You have used every attempt" in client.get(submit_url(module)).content.decode()
    assert KnowledgeCheckAttempt.objects.count() == 3
    with time_machine.travel(start + datetime.timedelta(hours=24, minutes=1), tick=False):
        assert post_answers(client, module, ALL_RIGHT).status_code == 302
    assert KnowledgeCheckAttempt.objects.count() == 4


def test_attempt_limit_is_configurable_per_module(client, training, trainee):
    module = training["privacy"]
    module.max_attempts_per_day = 1
    module.save_revision().publish()
    client.force_login(trainee)
    assert post_answers(client, module, ONE_RIGHT).status_code == 302
    assert post_answers(client, module, ONE_RIGHT).status_code == 400


def test_editing_a_module_changes_neither_past_results_nor_a_pass(client, training, trainee):
    module = training["boundaries"]
    client.force_login(trainee)
    result_url = post_answers(client, module, ALL_RIGHT)["Location"]

    edited = ModulePage.objects.get(pk=module.pk)
    questions = edited.questions.raw_data
    questions[0]["value"]["prompt"] = "A NEW PROMPT"
    questions[0]["value"]["options"][0]["is_correct"] = True
    questions[0]["value"]["options"][1]["is_correct"] = False
    edited.questions = questions
    edited.save_revision().publish()

    assert "A NEW PROMPT" in client.get(submit_url(module)).content.decode()
    past = client.get(result_url).content.decode()
    assert "A member asks which dose to take." in past
    assert "A NEW PROMPT" not in past
    attempt = KnowledgeCheckAttempt.objects.get()
    assert attempt.score == 100
    assert ModuleProgress.objects.get(learner=trainee, module=module).passed


def test_a_learner_cannot_open_someone_elses_result(client, training, trainee):
    from tests.factories import UserFactory

    client.force_login(trainee)
    result_url = post_answers(client, training["boundaries"], ONE_RIGHT)["Location"]
    client.force_login(UserFactory())
    assert client.get(result_url).status_code == 404
