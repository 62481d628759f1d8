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
