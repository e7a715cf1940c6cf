from django.db import migrations, models


def number_versions(apps, schema_editor):
    """Runs made before versions existed are numbered in the order they were asked for."""
    RenderRun = apps.get_model("reports", "RenderRun")
    counters: dict[int, int] = {}
    for run in RenderRun.objects.order_by("report_id", "requested_at", "pk"):
        counters[run.report_id] = counters.get(run.report_id, 0) + 1
        run.version = counters[run.report_id]
        run.save(update_fields=["version"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_versions_comments_public")]

    operations = [
        migrations.RunPython(number_versions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="renderrun",
            name="version",
            field=models.PositiveIntegerField(help_text="Numbered from 1 within the report."),
        ),
    ]
