"""Validators for Norwegian data: organisation numbers and phone numbers."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGANISATION_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def organisation_number_is_valid(value: str) -> bool:
    """Brønnøysundregistrene's rule: 9 digits, the last a mod-11 check digit."""
    if len(value) != 9 or not value.isdigit():
        return False
    total = sum(
        int(digit) * weight
        for digit, weight in zip(value, ORGANISATION_NUMBER_WEIGHTS, strict=False)
    )
    remainder = 11 - total % 11
    if remainder == 10:
        return False
    check_digit = 0 if remainder == 11 else remainder
    return check_digit == int(value[8])


def normalise_organisation_number(value: str) -> str:
    return "".join(value.split())


def validate_organisation_number(value: str) -> None:
    value = normalise_organisation_number(value)
    if len(value) != 9 or not value.isdigit():
        raise ValidationError(
            _("An organisation number has exactly 9 digits."), code="organisation_number_length"
        )
    if not organisation_number_is_valid(value):
        raise ValidationError(
            _(
                "This is not a valid organisation number. Check the digits against Brønnøysundregistrene."
            ),
            code="organisation_number_checksum",
        )


def normalise_phone_number(value: str) -> str:
    """Parse a phone number (Norwegian by default) and return it in E.164 form."""
    try:
        parsed = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Enter a valid phone number, for example 22 86 00 00 or +47 22 86 00 00."),
            code="invalid_phone",
        ) from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("Enter a valid phone number, for example 22 86 00 00 or +47 22 86 00 00."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone_number(value: str) -> str:
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return value
    if parsed.country_code == 47:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
