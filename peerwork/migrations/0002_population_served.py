"""Programs serve one of the WISE toolkit's four populations (its Lived Experience Requirements
table), replacing the SB-614 certification categories, which are credential data.

The rows are created here so existing programs can be mapped; `load_populations` keeps their
text in step with fixtures/workforce/lived-experience-requirements.json afterwards.
"""

import django.db.models.deletion
from django.db import migrations, models

POPULATIONS = [
    (
        "adult-mental-health",
        "Adult Mental Health Clients/Consumers (18+)",
        "“Must have personal lived experience of recovery from a mental health challenge.”",
    ),
    (
        "family-of-adults",
        "Family Members of Adult Consumers (18+)",
        "“Must have personal lived experience as a close family member or caretaker providing "
        "direct support to an adult with a mental health challenge.”",
    ),
    (
        "parents-caregivers-of-children-youth",
        "Parents/Caregivers of Children & Youth (≤ 17)",
        "“Must have personal lived experience as a parent or primary caregiver providing direct "
        "support to a child or youth with an emotional, mental, or behavioral health challenge.”",
    ),
    (
        "transition-age-youth",
        "Transition Age Youth (16-24)",
        "“Must be between the ages of 18-(24) and have personal lived experience of resiliency "
        "or recovery from a mental health challenge.”",
    ),
]

# The old certification-category codes, mapped to the population each program serves.
OLD_TO_NEW = {
    "adults": "adult-mental-health",
    "transition_age_youth": "transition-age-youth",
    "family": "family-of-adults",
    "parent": "parents-caregivers-of-children-youth",
}


def create_and_map(apps, schema_editor):
    Population = apps.get_model("peerwork", "Population")
    Program = apps.get_model("peerwork", "Program")
    by_code = {}
    for position, (code, name, requirement) in enumerate(POPULATIONS):
        by_code[code], _ = Population.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "lived_experience_required": requirement,
                "position": position,
            },
        )
    for old, new in OLD_TO_NEW.items():
        Program.objects.filter(population_served=old).update(population=by_code[new])


def unmap(apps, schema_editor):
    Program = apps.get_model("peerwork", "Program")
    for old, new in OLD_TO_NEW.items():
        Program.objects.filter(population__code=new).update(population_served=old)


class Migration(migrations.Migration):
    dependencies = [
        ("peerwork", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Population",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="population served")),
                ("lived_experience_required", models.TextField(verbose_name="lived experience required")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
            ],
            options={
                "verbose_name": "population served",
                "verbose_name_plural": "populations served",
                "ordering": ["position", "pk"],
            },
        ),
        migrations.AddField(
            model_name="program",
            name="population",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programs",
                to="peerwork.population",
                verbose_name="population served",
            ),
        ),
        migrations.AlterField(
            model_name="program",
            name="population_served",
            field=models.CharField(blank=True, max_length=30, verbose_name="population served"),
        ),
        migrations.RunPython(create_and_map, unmap),
        migrations.RemoveField(model_name="program", name="population_served"),
        migrations.RenameField(
            model_name="program", old_name="population", new_name="population_served"
        ),
        migrations.AlterField(
            model_name="program",
            name="population_served",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programs",
                to="peerwork.population",
                verbose_name="population served",
            ),
        ),
    ]
