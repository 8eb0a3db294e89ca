"""The notification list: reminders for the signed-in person."""
