"""The shared fields: a set of choices in one column, and the recipient's language."""

import pytest
from django import forms
from django.db import IntegrityError, models, transaction
from django.test.utils import isolate_apps
from django.utils import translation

from frivilligkontor.choices import ActivityArea, RecipientLanguage, TargetGroup
from frivilligkontor.fields import ChoicesArrayField, RecipientLanguageField, choices_check
from frivilligkontor.models import Organisation
from tests.factories import OrganisationFactory
from tests.nettverk.factories import RegistrationFactory


class OrganisationAreasForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["activity_areas", "target_groups"]


def test_choices_array_field__is_checkboxes_of_its_choices_in_a_model_form():
    with translation.override("en"):
        field = OrganisationAreasForm().fields["target_groups"]
        label = str(field.label)
    assert isinstance(field.widget, forms.CheckboxSelectMultiple)
    assert list(field.choices) == list(TargetGroup.choices)
    assert label == "Target groups" and field.required is False


@pytest.mark.django_db
def test_choices_array_field__form_refuses_a_value_outside_the_choices():
    form = OrganisationAreasForm(data={"activity_areas": ["sport", "knitting"]})
    assert not form.is_valid()
    assert "activity_areas" in form.errors
    form = OrganisationAreasForm(data={"activity_areas": ["sport", "culture"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["activity_areas"] == ["sport", "culture"]


def test_choices_array_field__display_gives_the_labels_in_the_active_language():
    organisation = Organisation(activity_areas=[ActivityArea.SPORT, ActivityArea.CULTURE])
    with translation.override("en"):
        assert organisation.get_activity_areas_display() == [
            "Sport and physical activity",
            "Culture and music",
        ]


@pytest.mark.django_db
def test_choices_array_field__database_refuses_a_value_outside_the_choices():
    organisation = OrganisationFactory(target_groups=["seniors"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(target_groups=["seniors", "pets"])


@pytest.mark.django_db
def test_recipient_language__database_refuses_an_unknown_language():
    registration = RegistrationFactory()
    assert registration.language == RecipientLanguage.NB
    with pytest.raises(IntegrityError), transaction.atomic():
        type(registration).objects.filter(pk=registration.pk).update(language="de")


def test_recipient_language__active_follows_the_page_language():
    with translation.override("en"):
        assert RecipientLanguage.active() == RecipientLanguage.EN
    with translation.override("nb"):
        assert RecipientLanguage.active() == RecipientLanguage.NB


@isolate_apps("frivilligkontor")
def test_system_check__a_choices_field_without_its_constraint_is_an_error():
    class Unchecked(models.Model):
        areas = ChoicesArrayField(ActivityArea)
        language = RecipientLanguageField()

        class Meta:
            app_label = "frivilligkontor"

        def __str__(self) -> str:
            return "unchecked"

    class Checked(models.Model):
        areas = ChoicesArrayField(ActivityArea)
        language = RecipientLanguageField()

        class Meta:
            app_label = "frivilligkontor"
            constraints = [
                choices_check("areas", ActivityArea, name="checked_areas_valid", many=True),
                choices_check("language", RecipientLanguage, name="checked_language_valid"),
            ]

        def __str__(self) -> str:
            return "checked"

    unchecked = [error.id for field in Unchecked._meta.local_fields for error in field.check()]
    checked = [error.id for field in Checked._meta.local_fields for error in field.check()]
    assert unchecked == ["frivilligkontor.E001", "frivilligkontor.E001"]
    assert checked == []
