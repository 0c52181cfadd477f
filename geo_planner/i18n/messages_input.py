"""Messages of the readers: ``geo_planner/sources``, ``geo_planner/units`` and ``geo_planner/layers``.

Merged into :data:`geo_planner.i18n.messages.MESSAGES` (see there); a module writes one with
``msg(key, **values)``. Keys start with the module's short name (``tables_``, ``coords_``, ``codes_`` ...).
"""

from __future__ import annotations

__all__ = ["MESSAGES_INPUT"]

# key: (Bahasa Indonesia, English)
MESSAGES_INPUT: dict[str, tuple[str, str]] = {
}
