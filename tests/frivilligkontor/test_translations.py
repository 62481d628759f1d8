from pathlib import Path

import polib
from django.conf import settings


def test_norwegian_catalogue__is_complete_with_no_fuzzy_or_empty_entries():
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES" / "django.po")
    )
    problems = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    assert problems == []
    assert len(catalogue) > 100


def test_norwegian_catalogue__keeps_placeholders_of_the_source():
    import re

    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES" / "django.po")
    )
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")
    for entry in catalogue:
        if entry.msgid_plural:
            continue
        assert sorted(placeholder.findall(entry.msgid)) == sorted(
            placeholder.findall(entry.msgstr)
        ), entry.msgid


def _overrides(domain: str):
    return polib.pofile(
        str(
            Path(settings.BASE_DIR) / "locale" / "overrides" / "nb" / "LC_MESSAGES" / f"{domain}.po"
        )
    )


def test_override_catalogues__cover_every_string_django_leaves_untranslated_in_bokmal():
    """Django's own bokmål lags behind its English: what it lacks is in locale/overrides
    (a LOCALE_PATHS entry that makemessages never rewrites), translated."""
    import django

    django_dir = Path(django.__file__).parent
    for domain in ("django", "djangojs"):
        ours = {(entry.msgctxt, entry.msgid) for entry in _overrides(domain) if entry.translated()}
        for english in django_dir.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
            bokmal = Path(str(english).replace("/en/", "/nb/"))
            if not bokmal.exists() or "humanize" in str(english):
                continue
            have = {(e.msgctxt, e.msgid) for e in polib.pofile(str(bokmal)) if e.translated()}
            lacking = {(e.msgctxt, e.msgid) for e in polib.pofile(str(english)) if not e.obsolete}
            assert lacking - have - ours == set(), english


def test_override_catalogues__are_complete_and_keep_placeholders():
    import re

    placeholder = re.compile(r"%\([a-z_]+\)[sdr]|%[sd]|\{[a-z_]*\}")
    for domain in ("django", "djangojs"):
        for entry in _overrides(domain):
            assert entry.translated() and "fuzzy" not in entry.flags, entry.msgid
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for translation in translations:
                assert sorted(placeholder.findall(entry.msgid)) == sorted(
                    placeholder.findall(translation)
                ), entry.msgid
