"""Simultaneous submissions, with real threads and separate database connections."""

import threading
import uuid

import pytest
from django.db import connection

from henvendelser.models import Enquiry
from henvendelser.services import submit_enquiry

FIELDS = {
    "topic": "grants",
    "contact_name": "Samtidig Person",
    "email": "samtidig@eksempel.test",
    "message": "Et spørsmål sendt samtidig med mange andre.",
    "language": "nb",
}


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            target(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions__get_distinct_consecutive_reference_numbers():
    count = 12
    errors = run_in_threads(
        count, lambda index: submit_enquiry(fields=FIELDS, submission_key=uuid.uuid4())
    )
    assert errors == []
    references = sorted(Enquiry.objects.values_list("reference", flat=True))
    assert len(set(references)) == count
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, count + 1))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit__same_key__creates_one_case():
    key = uuid.uuid4()
    results = []
    errors = run_in_threads(
        6, lambda index: results.append(submit_enquiry(fields=FIELDS, submission_key=key))
    )
    assert errors == []
    assert Enquiry.objects.count() == 1
    assert len({enquiry.pk for enquiry, _created in results}) == 1
    assert sum(1 for _enquiry, created in results if created) == 1
