"""Replace Wagtail's placeholder welcome page with the Trellis home page."""

from django.db import migrations

INTRO = (
    "<p>Trellis helps peer support programs train, certify and support their volunteers: "
    "the people with lived experience who lead classes, support groups and one-to-one "
    "peer mentoring.</p>"
)

BODY = (
    "<h2>For trainees</h2>"
    "<p>Work through the online modules at your own pace, on a phone or a computer. "
    "You learn how to keep healthy boundaries, protect people's privacy, write short and "
    "careful notes, and share your own experience without giving medical advice. Then you "
    "join a training with your state organization.</p>"
    "<h2>For facilitators</h2>"
    "<p>Keep your certificate current, sign new versions of the code of conduct, and take "
    "time off when you need it. Your certificate can be checked by anyone with its number.</p>"
    "<h2>For trainers, coordinators and program staff</h2>"
    "<p>See the people in your part of the program, assess readiness, certify facilitators "
    "and follow up fairly when someone raises a concern about how the program is being "
    "delivered.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("lms.HomePage")

    # Wagtail's own first migration creates a placeholder page at depth 2; it holds no data.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="lms")
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="Trellis",
        draft_title="Trellis",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro=INTRO,
        body=BODY,
        live=True,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": homepage, "site_name": "Trellis"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("lms.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_homepage"),
        ("wagtailcore", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
