# Agreement review reminders are now notifications (analysis/notices.py). Each reminder
# already sent becomes a sent notification with the key the new check uses, so nobody
# is sent a second copy for a review date they were reminded of before.

from django.db import migrations

KIND = "analysis.agreement_review"


def carry_sent_reminders(apps, schema_editor):
    AgreementReminder = apps.get_model("analysis", "AgreementReminder")
    Notification = apps.get_model("notifications", "Notification")
    User = apps.get_model("auth", "User")
    for reminder in AgreementReminder.objects.select_related("agreement"):
        when = reminder.review_on
        for user in User.objects.filter(email__in=reminder.recipients):
            Notification.objects.get_or_create(
                key=f"{KIND}:{reminder.agreement_id}:{when.isoformat()}:{user.pk}",
                defaults={
                    "user": user,
                    "kind": KIND,
                    "subject": "Information-sharing agreement due for review on "
                    f"{when.day} {when:%B %Y}",
                    "context": {"lines": [reminder.agreement.title], "link": "", "link_text": ""},
                    "delivery": "now",
                    "attempts": 1,
                    "next_attempt_at": reminder.sent_at,
                    "sent_at": reminder.sent_at,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0010_upload_files_deleted_on"),
        ("notifications", "0001_notifications"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(carry_sent_reminders, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="AgreementReminder",
        ),
    ]
