"""Grading on the server, for each question type, from a frozen snapshot."""

from curriculum.grading import grade, snapshot_questions
from curriculum.models import ModulePage

from .conftest import ALL_RIGHT, ONE_RIGHT


def snapshot(training):
    return snapshot_questions(ModulePage.objects.get(pk=training["boundaries"].pk).questions)


def test_snapshot_keeps_what_is_correct_and_all_feedback(training):
    questions = snapshot(training)
    assert [q["type"] for q in questions] == ["single_choice", "multiple_select", "true_false"]
    assert [o["correct"] for o in questions[0]["options"]] == [False, True, False]
    assert questions[2]["answer"] is False
    assert questions[1]["explanation"] == "EXPLANATION-MULTI"


def test_all_right_scores_100_with_feedback_for_each_choice(training):
    result = grade(snapshot(training), ALL_RIGHT)
    assert result.score == 100
    assert result.passed(80)
    by_id = {r["id"]: r for r in result.results}
    assert by_id["q-single"]["feedback"] == ["FEEDBACK-REFER"]
    assert by_id["q-multi"]["feedback"] == ["FEEDBACK-DATE", "FEEDBACK-FOLLOWUPS"]
    assert by_id["q-tf"]["feedback"] == ["FEEDBACK-TF-FALSE"]


def test_single_choice_wrong_option(training):
    result = grade(snapshot(training), {**ALL_RIGHT, "q-single": "0"})
    single = result.results[0]
    assert not single["correct"]
    assert single["feedback"] == ["FEEDBACK-WRONG-DOSE"]
    assert result.score == 67
    assert not result.passed(80)


def test_multiple_select_is_all_or_nothing_and_names_what_was_missed(training):
    questions = snapshot(training)
    partial = grade(questions, {**ALL_RIGHT, "q-multi": ["0"]}).results[1]
    assert not partial["correct"]
    assert partial["missed"] == ["Follow-ups"]
    extra = grade(questions, {**ALL_RIGHT, "q-multi": ["0", "1", "2"]}).results[1]
    assert not extra["correct"]
    assert "FEEDBACK-DIAGNOSIS" in extra["feedback"]


def test_true_false(training):
    questions = snapshot(training)
    wrong = grade(questions, {**ALL_RIGHT, "q-tf": "true"}).results[2]
    assert not wrong["correct"]
    assert wrong["feedback"] == ["FEEDBACK-TF-TRUE"]


def test_unanswered_and_tampered_answers_count_as_wrong(training):
    questions = snapshot(training)
    result = grade(questions, {"q-single": "7", "q-multi": ["x", "-1"], "q-tf": "maybe"})
    assert result.score == 0
    assert [r["answered"] for r in result.results] == [False, False, False]
    assert grade(questions, {}).score == 0


def test_one_right_of_three(training):
    assert grade(snapshot(training), ONE_RIGHT).score == 33
