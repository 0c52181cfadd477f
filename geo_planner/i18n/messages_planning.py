"""Messages of ``geo_planner/analysis``, ``geo_planner/planning``, ``geo_planner/outputs``,
``geo_planner/pipeline.py`` and the command line's library-side errors.

Merged into :data:`geo_planner.i18n.messages.MESSAGES` (see there); a module writes one with
``msg(key, **values)``. Keys start with the module's short name (``spatial_``, ``targets_``, ``gate_`` ...).
"""

from __future__ import annotations

__all__ = ["MESSAGES_PLANNING"]

# key: (Bahasa Indonesia, English)
MESSAGES_PLANNING: dict[str, tuple[str, str]] = {
}
