"""Knowledge-check grading: pure functions from questions and answers to a result.

`snapshot_questions` freezes a module's questions as plain data when the learner submits;
`grade` scores answers against that snapshot. Neither touches the database, so the grade of a
past attempt can always be explained from what is stored with it.
"""

from dataclasses import dataclass

SINGLE_CHOICE = "single_choice"
MULTIPLE_SELECT = "multiple_select"
TRUE_FALSE = "true_false"


def snapshot_questions(stream_value) -> list[dict]:
    """The module's questions as plain data, including which answers are correct."""
    questions = []
    for block in stream_value:
        value = block.value
        question = {
            "id": block.id,
            "type": block.block_type,
            "prompt": value["prompt"],
            "explanation": value["explanation"],
        }
        if block.block_type == TRUE_FALSE:
            question.update(
                answer=bool(value["answer"]),
                feedback_true=value["feedback_true"],
                feedback_false=value["feedback_false"],
            )
        else:
            question["options"] = [
                {
                    "text": option["text"],
                    "correct": bool(option["is_correct"]),
                    "feedback": option["feedback"],
                }
                for option in value["options"]
            ]
        questions.append(question)
    return questions


@dataclass(frozen=True)
class Grade:
    score: int
    results: list[dict]

    def passed(self, pass_mark: int) -> bool:
        return self.score >= pass_mark


def _chosen_indexes(raw, option_count) -> list[int]:
    chosen = set()
    for item in raw if isinstance(raw, list | tuple) else [raw]:
        try:
            index = int(item)
        except (TypeError, ValueError):
            continue
        if 0 <= index < option_count:
            chosen.add(index)
    return sorted(chosen)


def grade(questions: list[dict], answers: dict) -> Grade:
    """Score `answers` ({question id: chosen}) against a snapshot; each question counts once.

    A multiple-select question is right only when exactly the correct options are chosen.
    Unanswered questions count as wrong. Feedback is given for every option chosen, and
    correct options that were missed are named.
    """
    results = []
    for question in questions:
        raw = answers.get(question["id"])
        if question["type"] == TRUE_FALSE:
            chosen = {"true": True, "false": False}.get(str(raw).lower()) if raw else None
            correct = chosen is not None and chosen == question["answer"]
            feedback = []
            if chosen is not None:
                feedback.append(question["feedback_true" if chosen else "feedback_false"])
            results.append(
                {
                    "id": question["id"],
                    "answered": chosen is not None,
                    "chosen": chosen,
                    "correct": correct,
                    "feedback": feedback,
                    "missed": [],
                }
            )
            continue
        options = question["options"]
        chosen = _chosen_indexes(raw, len(options))
        correct_set = [i for i, option in enumerate(options) if option["correct"]]
        results.append(
            {
                "id": question["id"],
                "answered": bool(chosen),
                "chosen": chosen,
                "correct": chosen == correct_set,
                "feedback": [options[i]["feedback"] for i in chosen],
                "missed": [
                    options[i]["text"]
                    for i in correct_set
                    if i not in chosen and question["type"] == MULTIPLE_SELECT
                ],
            }
        )
    total = len(results)
    right = sum(1 for result in results if result["correct"])
    score = round(100 * right / total) if total else 0
    return Grade(score=score, results=results)
