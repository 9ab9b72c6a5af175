from django.db import migrations, models

# The title the Scrum of Scrums' closing slot was found by before it had a kind.
CLOSING_TITLE = "Impediments and resource conflicts"


def mark_closing_slots(apps, schema_editor):
    AgendaItem = apps.get_model("ceremonies", "AgendaItem")
    AgendaItem.objects.filter(
        meeting__kind="scrum_of_scrums", title=CLOSING_TITLE, team__isnull=True,
        child_programme__isnull=True).update(kind="backlog_walk")


class Migration(migrations.Migration):

    dependencies = [
        ("ceremonies", "0013_dependency_tracker_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="kind",
            field=models.CharField(
                choices=[("topic", "Topic"),
                         ("backlog_walk", "Walk of the impediment backlog")],
                default="topic", max_length=20, verbose_name="kind"),
        ),
        migrations.RunPython(mark_closing_slots, migrations.RunPython.noop),
    ]
