"""Back office for venue owners: venues, rooms, lending hours, and deciding booking requests.

Unit staff see and edit only their own unit's venues and the requests for them (the
scoping comes from frivilligkontor.admin.base and lokaler.roles.UNIT_PATHS)."""

from lokaler.admin import bookings, season, venues  # noqa: F401
