#!/usr/bin/env python3
"""Fill Norwegian translations into locale/nb/LC_MESSAGES/django.po.

Usage: scripts/translate.py [translations.json …]   (default: every locale/sources/*.json)
Each app keeps its own locale/sources/<app>.json; the JSON maps English source strings to bokmål; for plural entries give a list
[singular, plural]. With a msgctxt, use the key "context\u0004source".
Run `manage.py makemessages -l nb --no-obsolete --no-location` first; unknown keys are reported.
The file is rewritten atomically, so several people can fill their own strings.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def main(argv: list[str]) -> int:
    sources = [Path(arg) for arg in argv[1:]] or sorted(
        (PO_PATH.parents[2] / "sources").glob("*.json")
    )
    translations: dict = {}
    for source in sources:
        translations.update(json.loads(source.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO_PATH), wrapwidth=0)
    by_key = {
        (f"{entry.msgctxt}\u0004" if entry.msgctxt else "") + entry.msgid: entry
        for entry in catalogue
    }
    unknown = []
    for key, value in translations.items():
        entry = by_key.get(key)
        if entry is None:
            unknown.append(key)
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value, value]
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    handle, temporary = tempfile.mkstemp(dir=PO_PATH.parent, suffix=".po")
    os.close(handle)
    catalogue.save(temporary)
    os.replace(temporary, PO_PATH)
    missing = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    for key in unknown:
        print(f"not in catalogue (stale source entry?): {key!r}")
    print(f"{len(missing)} entries still untranslated")
    for msgid in missing[:200]:
        print(f"  untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
