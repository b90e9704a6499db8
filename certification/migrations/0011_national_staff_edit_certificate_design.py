"""Let the existing national staff group edit the certificate design (the logo).

New grants get the permission from `services.organizations`; a site that already had national
staff before this release gets it here, so nobody has to be granted the role again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NATIONAL_STAFF_GROUP = "National staff"


def add_permission(apps, schema_editor):
    certification = apps.get_app_config("certification")
    # Permissions are normally created after all migrations ran; this one is needed now.
    certification.models_module = True
    create_permissions(certification, apps=apps, verbosity=0)
    certification.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=NATIONAL_STAFF_GROUP).first()
    if group is None:
        return
    permission = Permission.objects.get(
        content_type__app_label="certification", codename="change_certificatebranding"
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("certification", "0010_due_process_and_next_steps"),
    ]

    operations = [migrations.RunPython(add_permission, migrations.RunPython.noop)]
