"""Stored "you said, we did" pages drafted before the page gave the count itself still
open with "N people answered ... between ... and ...", so the count showed twice: drop
that line from the working and the published text (the history keeps what was there)."""

from django.db import migrations

from priorities.rules import without_old_count_line


def forwards(apps, schema_editor):
    YouSaidWeDid = apps.get_model("priorities", "YouSaidWeDid")
    for page in YouSaidWeDid.objects.select_related("survey"):
        said = without_old_count_line(page.said, page.survey.title)
        public_said = page.public_said and without_old_count_line(
            page.public_said, page.survey.title
        )
        if (said, public_said) != (page.said, page.public_said):
            YouSaidWeDid.objects.filter(pk=page.pk).update(said=said, public_said=public_said)


class Migration(migrations.Migration):
    dependencies = [("priorities", "0015_terms_status_agreed")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
