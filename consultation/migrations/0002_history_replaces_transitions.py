"""Consultation keeps one kind of audit: django-simple-history. The hand-written
transition tables become historical rows (date, user, state and note), then go."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import consultation.models

# (model, its transition table, link to the row, state field, note field, creation time,
# creator)
AUDITED = [
    (
        "RationaleDocument",
        "RationaleTransition",
        "document",
        "state",
        "comment",
        "created_at",
        "requested_by",
    ),
    ("Survey", "SurveyTransition", "survey", "status", None, "created_at", "created_by"),
    (
        "EmergingIssue",
        "EmergingIssueTransition",
        "emerging_issue",
        "status",
        "note",
        "logged_at",
        "logged_by",
    ),
]


def _historical(Historical, row, *, state_field, state, at, user_id, note, kind):
    copy = Historical(
        **{field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    )
    setattr(copy, state_field, state)
    copy.history_date = at
    copy.history_user_id = user_id
    copy.history_change_reason = note or None
    copy.history_type = kind
    return copy


def copy_transitions(apps, schema_editor):
    """Each transition becomes a historical row of its object, with the transition's date,
    member's user, new state and note. Every object also gets a creation row (the
    rationale's own first transition is one), so the history reads from the start."""
    Membership = apps.get_model("partnerships", "Membership")
    users = dict(Membership.objects.values_list("pk", "user_id"))
    for model, transition, link, state_field, note_field, created, creator in AUDITED:
        Model = apps.get_model("consultation", model)
        Historical = apps.get_model("consultation", f"Historical{model}")
        Transition = apps.get_model("consultation", transition)
        steps = {}
        for step in Transition.objects.order_by("at", "pk"):
            steps.setdefault(getattr(step, f"{link}_id"), []).append(step)
        copies = []
        for row in Model.objects.order_by("pk"):
            mine = steps.get(row.pk, [])
            if not mine or mine[0].from_state:
                copies.append(
                    _historical(
                        Historical,
                        row,
                        state_field=state_field,
                        state=mine[0].from_state if mine else getattr(row, state_field),
                        at=getattr(row, created),
                        user_id=users.get(getattr(row, f"{creator}_id")),
                        note="",
                        kind="+",
                    )
                )
            for step in mine:
                copies.append(
                    _historical(
                        Historical,
                        row,
                        state_field=state_field,
                        state=step.to_state,
                        at=step.at,
                        user_id=users.get(step.by_id),
                        note=getattr(step, note_field) if note_field else "",
                        kind="~" if step.from_state else "+",
                    )
                )
        Historical.objects.bulk_create(copies)


def copy_history_back(apps, schema_editor):
    """Undo: each change of state in the history becomes a transition again."""
    Membership = apps.get_model("partnerships", "Membership")
    for model, transition, link, state_field, note_field, _, _ in AUDITED:
        Historical = apps.get_model("consultation", f"Historical{model}")
        Transition = apps.get_model("consultation", transition)
        Model = apps.get_model("consultation", model)
        partnership_of = {
            row.pk: row.partnership_id
            if model == "EmergingIssue"
            else row.year.cycle.partnership_id
            for row in Model.objects.select_related(
                *([] if model == "EmergingIssue" else ["year__cycle"])
            )
        }
        members = {(m.partnership_id, m.user_id): m.pk for m in Membership.objects.all()}
        before, made = {}, []
        for record in Historical.objects.order_by("history_date", "history_id"):
            state = getattr(record, state_field)
            old = before.get(record.id)
            before[record.id] = state
            if (
                record.id not in partnership_of
                or old == state
                or (old is None and model != "RationaleDocument")
            ):
                continue
            step = Transition(
                from_state=old or "",
                to_state=state,
                by_id=members.get((partnership_of[record.id], record.history_user_id)),
                at=record.history_date,
                **{f"{link}_id": record.id},
            )
            if note_field:
                setattr(step, note_field, record.history_change_reason or "")
            made.append(step)
        Transition.objects.bulk_create(made)
        Historical.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0001_initial"),
        ("cycles", "0002_issue"),
        ("partnerships", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalEmergingIssue",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="What")),
                ("location", models.CharField(blank=True, max_length=200, verbose_name="Where")),
                ("evidence", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="Who or what raised it, such as a residents' meeting.",
                        max_length=200,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Waiting for triage"),
                            ("added", "Added to a long list"),
                            ("closed", "Closed"),
                        ],
                        default="open",
                        max_length=10,
                    ),
                ),
                ("logged_at", models.DateTimeField()),
                ("close_reason", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "issue",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cycles.issue",
                    ),
                ),
                (
                    "logged_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.membership",
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical emerging issue",
                "verbose_name_plural": "historical emerging issues",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRationaleDocument",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "theme",
                    models.CharField(
                        blank=True,
                        help_text="Used when the request covers a whole theme.",
                        max_length=100,
                    ),
                ),
                ("due_on", models.DateField()),
                ("message", models.TextField(blank=True)),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("requested", "Requested"),
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("returned", "Returned with comments"),
                            ("resubmitted", "Resubmitted"),
                            ("accepted", "Accepted"),
                        ],
                        default="requested",
                        max_length=20,
                    ),
                ),
                ("key_information", models.TextField(blank=True)),
                ("current_work", models.TextField(blank=True)),
                ("progress", models.TextField(blank=True)),
                ("gaps", models.TextField(blank=True)),
                ("recommendations", models.TextField(blank=True)),
                ("data_sources", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("updated_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "issue",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cycles.issue",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.membership",
                    ),
                ),
                (
                    "specialist",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.membership",
                    ),
                ),
                (
                    "year",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cycles.cycleyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical rationale document",
                "verbose_name_plural": "historical rationale documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSurvey",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("introduction", models.TextField(blank=True)),
                (
                    "audience",
                    models.CharField(
                        choices=[
                            ("public", "Public (a link, no sign-in)"),
                            ("partner", "Partners (signed-in members)"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("published", "Published"),
                            ("closed", "Closed"),
                        ],
                        default="draft",
                        max_length=10,
                    ),
                ),
                ("opens_on", models.DateField()),
                ("closes_on", models.DateField()),
                (
                    "public_key",
                    models.CharField(
                        db_index=True, default=consultation.models.new_public_key, max_length=40
                    ),
                ),
                (
                    "requires_token",
                    models.BooleanField(
                        default=False,
                        help_text="Each respondent needs their own link, which works once.",
                        verbose_name="One response per link",
                    ),
                ),
                ("privacy_notice", models.TextField(blank=True)),
                ("template_key", models.CharField(blank=True, max_length=60)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.membership",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "year",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cycles.cycleyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical survey",
                "verbose_name_plural": "historical surveys",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(copy_transitions, copy_history_back),
        migrations.RemoveField(
            model_name="rationaletransition",
            name="by",
        ),
        migrations.RemoveField(
            model_name="rationaletransition",
            name="document",
        ),
        migrations.RemoveField(
            model_name="surveytransition",
            name="by",
        ),
        migrations.RemoveField(
            model_name="surveytransition",
            name="survey",
        ),
        migrations.DeleteModel(
            name="EmergingIssueTransition",
        ),
        migrations.DeleteModel(
            name="RationaleTransition",
        ),
        migrations.DeleteModel(
            name="SurveyTransition",
        ),
    ]
