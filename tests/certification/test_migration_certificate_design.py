"""The data migration that lets a site's existing national staff edit the certificate logo."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("certification", "0010_due_process_and_next_steps")]
AFTER = [("certification", "0011_national_staff_edit_certificate_design")]


# Serialized rollback, like every transactional test here: a plain flush would re-create the
# content types that the browser tests later restore from their serialized copy.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_national_staff_group_gets_the_certificate_design_permission():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        old_apps.get_model("auth", "Group").objects.create(name="National staff")

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)

        new_apps = executor.loader.project_state(AFTER).apps
        group = new_apps.get_model("auth", "Group").objects.get(name="National staff")
        assert group.permissions.filter(codename="change_certificatebranding").exists()
    finally:
        # Back to the latest schema, or later tests in this process would meet the tables
        # as they were at 0011 (found when 0012 added a column).
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
