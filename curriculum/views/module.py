"""A learner working through one module: overview, sections one at a time, the knowledge
check and its result. Thin views: a form validates, one service runs, the page renders."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import selectors, services
from ..grading import MULTIPLE_SELECT, TRUE_FALSE
from ..models import KnowledgeCheckAttempt, ModuleProgress


def _progress(request, module):
    return ModuleProgress.objects.filter(
        learner=request.user, module_id=module.canonical_id
    ).first()


def _render(request, module, template, context, status=200):
    program = module.get_parent().specific_deferred
    return TemplateResponse(
        request,
        template,
        {"page": module, "self": module, "program": program, **context},
        status=status,
    )


def overview(request, module):
    progress = _progress(request, module)
    attempts = list(
        KnowledgeCheckAttempt.objects.filter(
            learner=request.user, module_id=module.canonical_id
        ).only("id", "score", "passed", "submitted_at")[:5]
    )
    return _render(
        request,
        module,
        "curriculum/module_page.html",
        {"progress": progress, "attempts": attempts, "section_total": module.section_count},
    )


def section(request, module, number):
    total = module.section_count
    if not 1 <= number <= total:
        raise Http404
    if request.method == "POST":
        try:
            services.scenario_respond(
                actor=request.user,
                module=module,
                scenario_id=request.POST.get("scenario", ""),
                response=request.POST.get("response", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            anchor = ""
        else:
            anchor = f"#scenario-{request.POST.get('scenario', '')}"
        return redirect(module.url + module.reverse_subpage("section", args=[number]) + anchor)

    progress = services.section_visit(actor=request.user, module=module, number=number)
    block = module.lessons[number - 1]
    return _render(
        request,
        module,
        "curriculum/module_section.html",
        {
            "section": block.value,
            "number": number,
            "total": total,
            "percent": round(100 * number / total),
            "responses": progress.scenario_responses,
            "previous_url": (
                module.url + module.reverse_subpage("section", args=[number - 1])
                if number > 1
                else None
            ),
            "next_url": (
                module.url + module.reverse_subpage("section", args=[number + 1])
                if number < total
                else None
            ),
            "check_url": module.url + module.reverse_subpage("check"),
        },
    )


def public_questions(module):
    """The questions as the learner may see them before answering: no correct answers, no
    feedback, no explanations."""
    questions = []
    for number, block in enumerate(module.questions, start=1):
        item = {
            "id": block.id,
            "number": number,
            "type": block.block_type,
            "prompt": block.value["prompt"],
        }
        if block.block_type == TRUE_FALSE:
            item["options"] = [("true", _("True")), ("false", _("False"))]
        else:
            item["options"] = [
                (str(index), option["text"]) for index, option in enumerate(block.value["options"])
            ]
        questions.append(item)
    return questions


def _answers_from(request, questions):
    answers, missing = {}, []
    for question in questions:
        key = f"q-{question['id']}"
        if question["type"] == MULTIPLE_SELECT:
            value = request.POST.getlist(key)
        else:
            value = request.POST.get(key, "")
        answers[question["id"]] = value
        if not value:
            missing.append(question["number"])
    return answers, missing


def knowledge_check(request, module):
    questions = public_questions(module)
    recent = services.attempts_in_window(request.user, module).count()
    remaining = max(module.max_attempts_per_day - recent, 0)
    context = {
        "questions": questions,
        "remaining": remaining,
        "token": uuid.uuid4(),
        "chosen": {},
        "missing": [],
    }
    status = 200
    if request.method == "POST":
        answers, missing = _answers_from(request, questions)
        token = _parse_token(request.POST.get("submission_token"))
        if missing or token is None:
            context.update(
                chosen={
                    qid: value if isinstance(value, list) else [value]
                    for qid, value in answers.items()
                },
                missing=missing,
                token=token or uuid.uuid4(),
            )
            messages.error(
                request,
                _("Please answer every question. Not answered yet: %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in missing)},
            )
            status = 400
        else:
            try:
                attempt = services.knowledge_check_submit(
                    actor=request.user, module=module, answers=answers, submission_token=token
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                return redirect(module.url + module.reverse_subpage("attempt", args=[attempt.pk]))
    return _render(request, module, "curriculum/knowledge_check.html", context, status=status)


def _parse_token(raw):
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None


def attempt_result(request, module, attempt_id):
    attempt = get_object_or_404(
        KnowledgeCheckAttempt, pk=attempt_id, learner=request.user, module_id=module.canonical_id
    )
    results = {result["id"]: result for result in attempt.results}
    review = []
    for number, question in enumerate(attempt.questions, start=1):
        result = results.get(question["id"], {})
        if question["type"] == TRUE_FALSE:
            chosen = result.get("chosen")
            your_answer = [] if chosen is None else [_("True") if chosen else _("False")]
        else:
            your_answer = [question["options"][i]["text"] for i in result.get("chosen", [])]
        review.append(
            {"number": number, "question": question, "result": result, "your_answer": your_answer}
        )
    recent = services.attempts_in_window(request.user, module).count()
    next_module = None
    if attempt.passed:
        # After a pass, lead on: the next module of this program not passed yet.
        following = selectors.program_progress(
            request.user, module.get_parent().specific_deferred
        ).next_module
        next_module = following.module if following and not following.passed else None
    return _render(
        request,
        module,
        "curriculum/attempt_result.html",
        {
            "next_module": next_module,
            "attempt": attempt,
            "review": review,
            "remaining": max(module.max_attempts_per_day - recent, 0),
            "correct_count": sum(1 for item in review if item["result"].get("correct")),
        },
    )
