"""Back office for grant schemes: editors keep them correct, unit staff their own unit's."""

from tilskudd.admin import reminders, schemes  # noqa: F401
