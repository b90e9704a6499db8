"""The audit trail: every history row names its cause, history is append-only in PostgreSQL,
and sensitive reads are logged.

1. Each history table (`HistoryEntry` and the certification, case and concern timelines) gets
   `system_cause`: a row names the person who caused it (`actor`) or the system job, exactly
   one, held by a check constraint. Rows written before causes were kept and without a person
   are marked "recorded before causes were kept": what `actor=None` meant then cannot be
   told apart any more (the sweep, a signature's cascade, a public report, a setup command).
2. `SensitiveRead`, the log of who opened a concern, downloaded a file, saw a confidential
   reporter or exported a roster or list.
3. On PostgreSQL, a trigger on every history, timeline and read-log table refuses UPDATE and
   DELETE, so not even a raw query or a shell can rewrite what happened. TRUNCATE (how a test
   database is emptied) fires no row trigger. SQLite has no such need here: the models refuse
   changes in Python (`AppendOnlyModel`), and production runs on PostgreSQL.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


CAUSED_TABLES = ("historyentry", "certificationevent", "caseevent", "concernevent")
APPEND_ONLY_TABLES = (
    "certification_historyentry",
    "certification_certificationevent",
    "certification_caseevent",
    "certification_concernevent",
    "certification_sensitiveread",
)
REFUSE_FUNCTION = "trellis_refuse_history_change"


def mark_unrecorded_causes(apps, schema_editor):
    for model_name in CAUSED_TABLES:
        model = apps.get_model("certification", model_name)
        model._base_manager.filter(actor__isnull=True, system_cause="").update(
            system_cause="unrecorded"
        )


def install_append_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {REFUSE_FUNCTION}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
        """,
        params=None,  # the body holds '%' placeholders of its own, for RAISE
    )
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {REFUSE_FUNCTION}()"
        )


def remove_append_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {REFUSE_FUNCTION}()")


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0011_national_staff_edit_certificate_design'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SensitiveRead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('concern_opened', 'Concern opened'), ('attachment_downloaded', 'Concern file downloaded'), ('confidential_reporter', 'Confidential reporter seen'), ('roster_exported', 'Roster exported (PDF)'), ('csv_exported', 'List exported (CSV)')], max_length=30, verbose_name='what')),
                ('object_type', models.CharField(blank=True, max_length=100, verbose_name='kind of record')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='record id')),
                ('object_label', models.CharField(blank=True, max_length=255, verbose_name='record')),
                ('path', models.CharField(max_length=2000, verbose_name='address read')),
                ('client_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='client address')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
            ],
            options={
                'verbose_name': 'sensitive read',
                'verbose_name_plural': 'sensitive reads',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='caseevent',
            name='system_cause',
            field=models.CharField(blank=True, choices=[('sweep', 'the nightly sweep'), ('case_deadline', 'the case deadline: the appeal window passed'), ('public_report', 'a public report by someone without an account'), ('setup', 'a setup command'), ('data_migration', 'a data migration'), ('unrecorded', 'recorded before causes were kept')], help_text='The job that made the change when no person did.', max_length=20, verbose_name='system job'),
        ),
        migrations.AddField(
            model_name='certificationevent',
            name='system_cause',
            field=models.CharField(blank=True, choices=[('sweep', 'the nightly sweep'), ('case_deadline', 'the case deadline: the appeal window passed'), ('public_report', 'a public report by someone without an account'), ('setup', 'a setup command'), ('data_migration', 'a data migration'), ('unrecorded', 'recorded before causes were kept')], help_text='The job that made the change when no person did.', max_length=20, verbose_name='system job'),
        ),
        migrations.AddField(
            model_name='concernevent',
            name='system_cause',
            field=models.CharField(blank=True, choices=[('sweep', 'the nightly sweep'), ('case_deadline', 'the case deadline: the appeal window passed'), ('public_report', 'a public report by someone without an account'), ('setup', 'a setup command'), ('data_migration', 'a data migration'), ('unrecorded', 'recorded before causes were kept')], help_text='The job that made the change when no person did.', max_length=20, verbose_name='system job'),
        ),
        migrations.AddField(
            model_name='historyentry',
            name='system_cause',
            field=models.CharField(blank=True, choices=[('sweep', 'the nightly sweep'), ('case_deadline', 'the case deadline: the appeal window passed'), ('public_report', 'a public report by someone without an account'), ('setup', 'a setup command'), ('data_migration', 'a data migration'), ('unrecorded', 'recorded before causes were kept')], help_text='The job that made the change when no person did.', max_length=20, verbose_name='system job'),
        ),
        migrations.AlterField(
            model_name='certificationevent',
            name='actor',
            field=models.ForeignKey(blank=True, help_text='Empty when a system job made the change (for example, expiry).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='historyentry',
            name='action',
            field=models.CharField(choices=[('organization_created', 'Organization created'), ('organization_changed', 'Organization changed'), ('role_granted', 'Role granted'), ('role_revoked', 'Role revoked'), ('membership_started', 'Membership started'), ('membership_ended', 'Membership ended'), ('conduct_published', 'Code of conduct published'), ('conduct_signed', 'Code of conduct signed'), ('enrolled', 'Enrolled'), ('invited', 'Invited to enroll'), ('enrollment_status', 'Enrollment status changed'), ('assessed', 'Readiness assessed'), ('rubric_competency_added', 'Rubric competency added'), ('rubric_competency_changed', 'Rubric competency changed'), ('checklist_item_added', 'Observation checklist item added'), ('checklist_item_changed', 'Observation checklist item changed'), ('event_changed', 'Training event changed'), ('event_cancelled', 'Training event cancelled'), ('invitation_resent', 'Invitation sent again'), ('invitation_withdrawn', 'Invitation withdrawn'), ('profile_name_changed', 'Name on certificates changed'), ('email_added', 'Email address added'), ('email_changed', 'Email address changed'), ('email_removed', 'Email address removed')], max_length=40, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='historyentry',
            name='actor',
            field=models.ForeignKey(blank=True, help_text='Empty when a system job made the change (see `system_cause`).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by'),
        ),
        migrations.RunPython(mark_unrecorded_causes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='caseevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('actor__isnull', False), ('system_cause', '')), models.Q(('actor__isnull', True), models.Q(('system_cause', ''), _negated=True)), _connector='OR'), name='case_event_names_one_cause'),
        ),
        migrations.AddConstraint(
            model_name='certificationevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('actor__isnull', False), ('system_cause', '')), models.Q(('actor__isnull', True), models.Q(('system_cause', ''), _negated=True)), _connector='OR'), name='certification_event_names_one_cause'),
        ),
        migrations.AddConstraint(
            model_name='concernevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('actor__isnull', False), ('system_cause', '')), models.Q(('actor__isnull', True), models.Q(('system_cause', ''), _negated=True)), _connector='OR'), name='concern_event_names_one_cause'),
        ),
        migrations.AddConstraint(
            model_name='historyentry',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('actor__isnull', False), ('system_cause', '')), models.Q(('actor__isnull', True), models.Q(('system_cause', ''), _negated=True)), _connector='OR'), name='history_entry_names_one_cause'),
        ),
        migrations.AddField(
            model_name='sensitiveread',
            name='reader',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='read by'),
        ),
        migrations.AddConstraint(
            model_name='sensitiveread',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['concern_opened', 'attachment_downloaded', 'confidential_reporter', 'roster_exported', 'csv_exported'])), name='sensitive_read_kind_valid'),
        ),
        migrations.RunPython(install_append_only_triggers, remove_append_only_triggers),
    ]
