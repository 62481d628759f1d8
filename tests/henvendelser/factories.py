"""factory_boy factories for henvendelser, with Norwegian fakes."""

import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from henvendelser.models import Enquiry, EnquiryMessage, GuidanceArticle, StandardAnswer, Topic
from henvendelser.services import next_reference
from tests.factories import UserFactory

factory.Faker._DEFAULT_LOCALE = "no_NO"


class GuidanceArticleFactory(DjangoModelFactory):
    class Meta:
        model = GuidanceArticle

    slug = factory.Sequence(lambda n: f"veiledning-{n}")
    topic = Topic.GRANTS
    title_nb = factory.Sequence(lambda n: f"Veiledning nummer {n}")
    summary_nb = "Kort oppsummering."
    body_nb = factory.Faker("paragraph")
    title_en = factory.Sequence(lambda n: f"Guidance number {n}")
    summary_en = "Short summary."
    body_en = "Some English text."
    responsible_editor = factory.SubFactory(UserFactory, is_staff=True)


class EnquiryFactory(DjangoModelFactory):
    class Meta:
        model = Enquiry

    reference = factory.LazyFunction(lambda: next_reference(year=timezone.localdate().year))
    submission_key = factory.LazyFunction(uuid.uuid4)
    topic = Topic.GRANTS
    contact_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@eksempel.test")
    message = factory.Faker("paragraph")
    received_at = factory.LazyFunction(timezone.now)
    due_date = factory.LazyAttribute(
        lambda enquiry: Enquiry.due_date_for(timezone.localtime(enquiry.received_at).date())
    )


class EnquiryMessageFactory(DjangoModelFactory):
    class Meta:
        model = EnquiryMessage

    enquiry = factory.SubFactory(EnquiryFactory)
    kind = EnquiryMessage.Kind.REPLY
    body = factory.Faker("sentence")


class StandardAnswerFactory(DjangoModelFactory):
    class Meta:
        model = StandardAnswer

    title = factory.Sequence(lambda n: f"Standardsvar {n}")
    body_nb = "Hei {name}, takk for henvendelsen {reference}. Hilsen {officer}"
    body_en = "Hello {name}, thank you for enquiry {reference}. Regards {officer}"
