"""Every partnership gets the default themes, and each free-text theme already on an
issue becomes one of its partnership's themes (cycles.rules.map_themes): "victims " and
"Victims" become one, a typo becomes a theme of its own that an analyst can merge."""

from django.db import migrations

from cycles.rules import DEFAULT_THEMES, map_themes


def themes_from_issues(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    Theme = apps.get_model("cycles", "Theme")
    Issue = apps.get_model("cycles", "Issue")
    for partnership in Partnership.objects.all():
        issues = Issue.objects.filter(year__cycle__partnership=partnership)
        written = sorted(set(issues.exclude(theme="").values_list("theme", flat=True)))
        mapping = map_themes(written, DEFAULT_THEMES)
        for name in dict.fromkeys([*DEFAULT_THEMES, *mapping.values()]):
            Theme.objects.create(partnership=partnership, name=name)
        for value in written:
            name = mapping.get(value, "")  # a theme of only spaces is no theme
            if value != name:
                issues.filter(theme=value).update(theme=name)


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0004_themes"),
        ("partnerships", "0001_initial"),
    ]

    operations = [migrations.RunPython(themes_from_issues, migrations.RunPython.noop)]
