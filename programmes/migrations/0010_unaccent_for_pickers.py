# Pickers match names without accents ("jose" finds "José"): PostgreSQL's unaccent extension.
# A no-op on SQLite, which gets a Python function instead (metascrum/lib/fold.py).
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0009_webhook_secret_rotation_overlap"),
    ]

    operations = [
        UnaccentExtension(),
    ]
