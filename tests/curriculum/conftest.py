"""A small training tree for curriculum tests: one program with modules of known answers."""

import pytest
from wagtail.models import Page

from curriculum.models import ModulePage, ProgramPage, TrainingIndexPage


def section(heading, *, scenario_id=None):
    body = [{"type": "text", "value": f"<p>About {heading}.</p>"}]
    if scenario_id:
        body.append(
            {
                "type": "scenario",
                "id": scenario_id,
                "value": {
                    "title": "A gift after group",
                    "situation": "<p>A member offers you a gift card.</p>",
                    "prompt": "What would you do?",
                    "choices": [],
                    "suggested_approach": "<p>SUGGESTED-APPROACH-TEXT</p>",
                },
            }
        )
    return {"type": "section", "value": {"heading": heading, "body": body}}


QUESTIONS = [
    {
        "type": "single_choice",
        "id": "q-single",
        "value": {
            "prompt": "A member asks which dose to take. What do you do?",
            "options": [
                {"text": "Share your dose", "is_correct": False, "feedback": "FEEDBACK-WRONG-DOSE"},
                {
                    "text": "Refer to the care team",
                    "is_correct": True,
                    "feedback": "FEEDBACK-REFER",
                },
                {"text": "Look it up online", "is_correct": False, "feedback": "FEEDBACK-ONLINE"},
            ],
            "explanation": "EXPLANATION-SINGLE",
        },
    },
    {
        "type": "multiple_select",
        "id": "q-multi",
        "value": {
            "prompt": "Which belong in a contact note? Choose all that apply.",
            "options": [
                {"text": "The date", "is_correct": True, "feedback": "FEEDBACK-DATE"},
                {"text": "A diagnosis", "is_correct": False, "feedback": "FEEDBACK-DIAGNOSIS"},
                {"text": "Follow-ups", "is_correct": True, "feedback": "FEEDBACK-FOLLOWUPS"},
            ],
            "explanation": "EXPLANATION-MULTI",
        },
    },
    {
        "type": "true_false",
        "id": "q-tf",
        "value": {
            "prompt": "You may keep a member's secret if they say they will hurt someone.",
            "answer": False,
            "feedback_true": "FEEDBACK-TF-TRUE",
            "feedback_false": "FEEDBACK-TF-FALSE",
            "explanation": "EXPLANATION-TF",
        },
    },
]

ALL_RIGHT = {"q-single": "1", "q-multi": ["0", "2"], "q-tf": "false"}
ONE_RIGHT = {"q-single": "0", "q-multi": ["0"], "q-tf": "false"}


def make_module(program, slug, *, title=None, sections=3, max_attempts=3, required=True):
    module = ModulePage(
        title=title or slug.title(),
        slug=slug,
        topic="boundaries",
        summary=f"Summary of {slug}.",
        objectives=[{"type": "objective", "value": "Know your limits"}],
        lessons=[
            section(f"Section {n}", scenario_id=f"{slug}-scenario" if n == 2 else None)
            for n in range(1, sections + 1)
        ],
        questions=QUESTIONS,
        pass_mark=80,
        max_attempts_per_day=max_attempts,
        required_for_certification=required,
    )
    program.add_child(instance=module)
    module.save_revision().publish()
    return module


@pytest.fixture
def training(db):
    home = Page.objects.get(depth=2)
    index = TrainingIndexPage(title="Training", slug="training")
    home.add_child(instance=index)
    program = ProgramPage(title="Support Group Facilitator", slug="sgf", validity_months=24)
    index.add_child(instance=program)
    boundaries = make_module(program, "boundaries")
    privacy = make_module(program, "privacy")
    return {"index": index, "program": program, "boundaries": boundaries, "privacy": privacy}


def submit_url(module):
    return module.url + module.reverse_subpage("check")


def section_url(module, number):
    return module.url + module.reverse_subpage("section", args=[number])
