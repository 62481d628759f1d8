"""The admin base and the core's admins.

- `base`: `PortalModelAdmin` and the inlines every app's admin builds on (unit scoping,
  accessibility, counts for the page shown).
- `confirm`: the one intermediate page for actions that need a confirmation or a reason.
- `history`: the one way to show an object's history.
- (the one CSV writer, safe from spreadsheet formulas, is `frivilligkontor.csv_export`:
  the statistics page uses it too.)
- `accessibility`: the widgets and labels that keep the stock admin within WCAG 2.1 AA.
- `core`: the admins of units, users, groups and organisations; `mine`: requests to erase
  and staff look-ups of "Mine saker"; `mail`: undelivered mail (registered on import,
  which the admin's autodiscovery does).
- `third_party`: names in the user's language for what Django and third-party apps show
  with fixed English text (apps, models, fields, permissions, the True/False icons).
"""

from frivilligkontor.admin import core, mail, mine, third_party  # noqa: F401
