"""The case workflow, deadlines by the Norwegian calendar, standard answers, references."""

from datetime import date

import pytest

from frivilligkontor.workdays import add_working_days, is_working_day
from henvendelser.models import Enquiry, InvalidTransition
from henvendelser.services import next_reference
from tests.factories import UserFactory
from tests.henvendelser.factories import EnquiryFactory, StandardAnswerFactory


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 2), False),  # Maundy Thursday
        (date(2026, 5, 1), False),  # Labour Day
        (date(2026, 5, 17), False),  # Constitution Day (a Sunday anyway)
        (date(2026, 12, 24), False),  # Christmas Eve: the office is closed
        (date(2026, 12, 31), False),  # New Year's Eve: closed
        (date(2026, 12, 23), True),
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 23), True),
    ],
)
def test_working_day__norwegian_calendar(day, working):
    assert is_working_day(day) is working


def test_due_date__five_working_days__skips_easter():
    # Received Monday 30 March 2026: Thu 2, Fri 3 and Mon 6 April are holidays.
    assert add_working_days(date(2026, 3, 30), 5) == date(2026, 4, 9)


def test_due_date__over_christmas__skips_christmas_and_new_years_eve():
    # Tue 22 Dec: 23 Dec, (24, 25, 26 closed), 28, 29, 30, (31, 1 Jan closed), 4 Jan
    assert add_working_days(date(2026, 12, 22), 5) == date(2027, 1, 4)


def test_due_date__uses_setting(settings):
    settings.ENQUIRY_RESPONSE_WORKING_DAYS = 2
    assert Enquiry.due_date_for(date(2026, 11, 20)) == date(2026, 11, 24)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("new", "waiting"),
        ("answered", "waiting"),
        ("closed", "answered"),
        ("closed", "closed"),
        ("new", "new"),
    ],
)
def test_status__invalid_transition__is_refused_with_clear_message(start, target):
    enquiry = EnquiryFactory(status=start)
    with pytest.raises(InvalidTransition) as error:
        enquiry.change_status(target)
    assert "cannot be set to" in error.value.message or "kan ikke" in error.value.message


@pytest.mark.django_db
def test_status__waiting_for_the_organisation__pauses_the_deadline():
    enquiry = EnquiryFactory(status="in_progress", due_date=date(2026, 11, 27))
    enquiry.change_status("waiting", today=date(2026, 11, 23))
    assert enquiry.paused_on == date(2026, 11, 23)
    # Waited Mon 23 → Thu 26: three working days, so the due date moves three working days on.
    enquiry.change_status("in_progress", today=date(2026, 11, 26))
    assert enquiry.paused_on is None
    assert enquiry.due_date == date(2026, 12, 2)


@pytest.mark.django_db
def test_status__answered__records_first_answer_once():
    enquiry = EnquiryFactory(status="in_progress")
    enquiry.change_status("answered")
    first = enquiry.first_answered_at
    enquiry.change_status("in_progress")
    enquiry.change_status("answered")
    assert enquiry.first_answered_at == first


@pytest.mark.django_db
def test_assign__new_case__goes_in_progress():
    enquiry = EnquiryFactory()
    officer = UserFactory(is_staff=True)
    enquiry.assign(officer)
    assert enquiry.status == "in_progress" and enquiry.assigned_officer == officer


@pytest.mark.django_db
def test_standard_answer__fills_placeholders_in_the_persons_language():
    officer = UserFactory(first_name="Ingrid", last_name="Haugen")
    answer = StandardAnswerFactory()
    norwegian = EnquiryFactory(contact_name="Kari Nordmann", language="nb")
    english = EnquiryFactory(contact_name="Omar Khalil", language="en")
    assert answer.fill(norwegian, officer=officer) == (
        f"Hei Kari Nordmann, takk for henvendelsen {norwegian.reference}. Hilsen Ingrid Haugen"
    )
    assert answer.fill(english, officer=officer).startswith("Hello Omar Khalil")


@pytest.mark.django_db
def test_reference__counts_per_year_with_five_digits():
    first = next_reference(year=2031)
    second = next_reference(year=2031)
    other_year = next_reference(year=2032)
    assert (first, second, other_year) == ("FK-2031-00001", "FK-2031-00002", "FK-2032-00001")
