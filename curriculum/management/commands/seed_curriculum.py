"""Create the training index, the two core programs and the four core modules.

Idempotent: pages are found by slug and left alone when they exist, so an editor's changes
survive a second run. The four modules are written once, under the first program; every
other program gets Wagtail aliases of them, so they are edited in one place and a pass counts
in every program.
"""

import uuid

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from curriculum.content import CORE_MODULES, PROGRAMS
from curriculum.models import ModulePage, ProgramPage, TrainingIndexPage

INDEX_INTRO = (
    "<p>Each program prepares you for one volunteer role. Work through its modules at your own "
    "pace, on a phone or a computer. Each module ends with a short knowledge check.</p>"
)


def _section_body(blocks):
    # Wagtail gives ids only to top-level blocks of raw data; scenarios inside a section need
    # their own, because a learner's response is kept against the scenario's id.
    return [
        {"type": block["type"], "value": block["value"], "id": str(uuid.uuid4())}
        for block in blocks
    ]


def _question(question):
    if question["type"] == "true_false":
        value = {
            "prompt": question["prompt"],
            "answer": question["answer"],
            "feedback_true": question["feedback_true"],
            "feedback_false": question["feedback_false"],
            "explanation": question["explanation"],
        }
    else:
        value = {
            "prompt": question["prompt"],
            "options": [
                {"text": o["text"], "is_correct": o["correct"], "feedback": o["feedback"]}
                for o in question["options"]
            ],
            "explanation": question["explanation"],
        }
    return {"type": question["type"], "value": value}


def module_page_from(data) -> ModulePage:
    """An unsaved ModulePage built from one module's plain data."""
    return ModulePage(
        title=data["title"],
        slug=data["slug"],
        topic=data["topic"],
        summary=data["summary"],
        estimated_minutes=data["estimated_minutes"],
        pass_mark=data["pass_mark"],
        objectives=[{"type": "objective", "value": text} for text in data["objectives"]],
        lessons=[
            {
                "type": "section",
                "value": {"heading": s["heading"], "body": _section_body(s["body"])},
            }
            for s in data["sections"]
        ],
        questions=[_question(q) for q in data["questions"]],
        required_for_certification=True,
        required_for_recertification=data.get("required_for_recertification", True),
    )


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Create the core training programs and modules (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        index = TrainingIndexPage.objects.first()
        if index is None:
            site = Site.objects.get(is_default_site=True)
            home = Page.objects.get(pk=site.root_page_id)
            index = _publish_child(
                home, TrainingIndexPage(title="Training", slug="training", intro=INDEX_INTRO)
            )
            created += 1
        modules_by_slug = {data["slug"]: data for data in CORE_MODULES}
        originals = {}
        for program_data in PROGRAMS:
            program = ProgramPage.objects.child_of(index).filter(slug=program_data["slug"]).first()
            if program is None:
                program = _publish_child(
                    index,
                    ProgramPage(
                        title=program_data["title"],
                        slug=program_data["slug"],
                        audience=program_data["audience"],
                        overview=program_data["overview"],
                        validity_months=program_data["validity_months"],
                    ),
                )
                created += 1
            for slug in program_data["modules"]:
                existing = ModulePage.objects.child_of(program).filter(slug=slug).first()
                if existing is not None:
                    originals.setdefault(slug, existing.alias_of or existing)
                    continue
                original = (
                    originals.get(slug)
                    or ModulePage.objects.filter(slug=slug, alias_of__isnull=True).first()
                )
                if original is None:
                    original = _publish_child(program, module_page_from(modules_by_slug[slug]))
                else:
                    original.specific.create_alias(parent=program)
                originals[slug] = original
                created += 1
        self.stdout.write(self.style.SUCCESS(f"Curriculum ready ({created} pages created)."))
