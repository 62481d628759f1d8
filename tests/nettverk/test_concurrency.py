"""Fifty people press "Register" at the same moment for the last five places."""

import threading

import pytest
from django.db import connection

from nettverk import services
from nettverk.models import Event, Registration
from tests.nettverk.factories import EventFactory, RegistrationFactory

THREADS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations__for_the_last_five_places__confirm_exactly_five(
    reference_data,
):
    event = EventFactory(capacity=25)
    for _ in range(20):
        RegistrationFactory(event=event)
    Event.objects.filter(pk=event.pk).update(confirmed_places=20)

    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def register(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.register(
                event=event,
                name=f"Person {number}",
                email=f"person{number}@example.org",
                party_size=1,
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=register, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    event.refresh_from_db()
    new = Registration.objects.filter(event=event, email__startswith="person")
    assert new.count() == THREADS
    assert new.filter(status=Registration.Status.CONFIRMED).count() == 5
    assert new.filter(status=Registration.Status.WAITING).count() == THREADS - 5
    assert event.confirmed_places == event.capacity == 25
    assert sum(r.confirmed_places for r in event.registrations.all()) == 25


@pytest.mark.django_db(transaction=True)
def test_simultaneous_parties__never_exceed_the_capacity(reference_data):
    event = EventFactory(capacity=7)
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def register(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.register(
                event=event,
                name=f"Gruppe {number}",
                email=f"gruppe{number}@example.org",
                party_size=3,
            )
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    registrations = list(Registration.objects.filter(event=event).order_by("created_at", "pk"))
    assert sum(r.confirmed_places for r in registrations) == 7
    assert sum(r.waiting_places for r in registrations) == 20 * 3 - 7
    # Exactly one party was split: two confirmed, one on the waiting list.
    assert [r.status for r in registrations].count(Registration.Status.PARTLY_WAITING) == 1
