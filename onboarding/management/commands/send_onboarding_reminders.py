# The former onboarding-only command, kept so cron lines already written keep working: it is
# now the one digest of everything that needs each person (peerwork's send_reminders).
from peerwork.management.commands.send_reminders import Command as SendReminders


class Command(SendReminders):
    help = f"Another name for send_reminders. {SendReminders.help}"
