from django.core.management import call_command
from django.core.management.base import BaseCommand

# Each app that ships data under fixtures/ provides an idempotent loader command.
LOADERS = [
    "load_populations",
    "load_frameworks",
    "load_onboarding_templates",
    "load_training_catalog",
    "load_supervision_lists",
    "load_credential_types",
]


class Command(BaseCommand):
    help = "Load every shipped fixture (frameworks, word lists, onboarding, training catalog)."

    def handle(self, *args, **options):
        for name in LOADERS:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
