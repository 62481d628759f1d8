"""The privacy page and the commands that remove personal data read one registry
(frivilligkontor.retention), and every model holding personal data is in it."""

from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from frivilligkontor.retention import personal_data

pytestmark = pytest.mark.django_db

# Fields that hold a person's data wherever they occur.
PERSONAL_FIELDS = {
    "email",
    "contact_email",
    "contact_name",
    "contact_phone",
    "phone",
    "first_name",
    "last_name",
    "username",
    "ip_address",
    "session_data",
    "comment",
    "needs",
    "body",
    "message",
}
# Models with such a field that hold nobody's personal data, and why.
NOT_PERSONAL = {"frivilligkontor.Unit": "the units' own office addresses"}
# Kinds whose content is not in a field of that name (the task's arguments).
KNOWN = {"frivilligkontor.QueuedEmail", "django_tasks_database.DBTaskResult"}


def test_every_model_holding_personal_data__is_in_the_registry_and_on_the_page(client):
    listed = {label for entry in personal_data() for label in entry.models}
    for label in listed:
        apps.get_model(label)  # no misspelt or removed model
    holding = {
        model._meta.label
        for model in apps.get_models()
        # Recorded history copies its model, and is removed with it.
        if getattr(model, "pgh_tracked_model", None) is None
        and PERSONAL_FIELDS & {field.name for field in model._meta.concrete_fields}
    }
    assert holding - listed - set(NOT_PERSONAL) == set()
    assert listed >= KNOWN
    for key in ("enquiries", "booking-requests", "season-applications", "registrations"):
        assert key in {entry.key for entry in personal_data()}
    page = client.get("/en/personvern/").content.decode()
    for entry in personal_data():
        assert f'id="{entry.key}"' in page
        assert str(entry.why).replace("'", "&#x27;") in page


@pytest.mark.parametrize(
    "entry", [entry for entry in personal_data() if entry.days_setting], ids=lambda e: e.key
)
def test_each_period__the_page_and_the_command_that_removes_the_data_agree(
    entry: Any, client: Any, settings: Any
) -> None:
    setattr(settings, entry.days_setting, 4321)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = client.get("/personvern/").content.decode()
    section = page[page.index(f'id="{entry.key}"') :]
    assert "4321" in section[: section.index("</div>")]
    output = StringIO()
    call_command(entry.command, stdout=output)
    assert "4321 days" in output.getvalue()
