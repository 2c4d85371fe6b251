"""Members' ideas are reviewed by QI staff before they are public (ImprovementOpportunity.review_status).

The opportunities already stored were on the public cell pages before review existed: they are
approved, since hiding them now would take back what members and the public have already read. The
column is therefore added with "approved" for the rows there are, and new rows then default to
"waiting for review" (a default Django keeps in the model, not in the database).
"""

from django.db import migrations, models

REVIEW_CHOICES = [("proposed", "Waiting for review"), ("approved", "Approved"), ("declined", "Not taken up")]


def review_field(default: str) -> models.CharField:
    return models.CharField(choices=REVIEW_CHOICES, default=default, max_length=10, verbose_name="review")


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0002_problems"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalimprovementopportunity", name="review_status", field=review_field("approved")
        ),
        migrations.AddField(model_name="improvementopportunity", name="review_status", field=review_field("approved")),
        migrations.AlterField(
            model_name="historicalimprovementopportunity", name="review_status", field=review_field("proposed")
        ),
        migrations.AlterField(
            model_name="improvementopportunity", name="review_status", field=review_field("proposed")
        ),
        migrations.AddConstraint(
            model_name="improvementopportunity",
            constraint=models.CheckConstraint(
                condition=models.Q(("review_status__in", ["proposed", "approved", "declined"])),
                name="dialogues_opportunity_review_valid",
            ),
        ),
    ]
