"""The agencies' targets register: who commits what, where, in which year, at what stage.

One record per unit (Kemendagri code), agency, intervention and year, with a
quantity, a budget, a status (``planned``, ``funded``, ``in_progress``,
``done``) and a note; who created and last changed it, when, and a version.

Storage: an embedded SQLite file in the data folder by default
(``GEO_PLANNER_DATA``, else ``~/.local/share/geo-planner``), or a shared
PostgreSQL/PostGIS database when ``GEO_PLANNER_DB=postgresql://...`` is set.
Every change is one transaction with its audit row; concurrent edits are
caught by the version column (:class:`ConflictError`), never overwritten.

>>> from geo_planner.planning.targets import open_register
>>> with open_register("sqlite:///targets.sqlite") as reg:                      # doctest: +SKIP
...     t = reg.add({"unit_code": "64.02", "agency": "Dinas PUPR", "intervention": "rtlh_rehab",
...                  "year": 2026, "quantity": 120, "budget_rp": "Rp 2.400.000.000"}, who="budi")
...     reg.update(t.id, {"status": "didanai"}, expected_version=t.version, who="budi")

Who may change what: :mod:`.access` (users and roles: viewer, editor of one or
more agencies, admin); every write takes the acting identity and checks it.

Modules: :mod:`.registry` (interventions, statuses, codes), :mod:`.records`
(checks), :mod:`.db` (back ends, errors, retries), :mod:`.migrations` (the
schema), :mod:`.access` (roles), :mod:`.register` (the
:class:`Register`), :mod:`.files` (CSV/XLSX), :mod:`.overlaps` (overlaps and
remaining backlog); the ``geo-planner targets`` commands live in :mod:`geo_planner.cli.targets`.
"""

from __future__ import annotations

from geo_planner.planning.targets.access import ROLES, AccessDenied, Actor
from geo_planner.planning.targets.db import (
    StorageError,
    data_dir,
    default_url,
    redact,
)
from geo_planner.planning.targets.files import ImportReport, export_frame
from geo_planner.planning.targets.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    app_role_grants,
)
from geo_planner.planning.targets.overlaps import (
    effective_quantity,
    mark_overlaps,
    overlaps,
    remaining,
)
from geo_planner.planning.targets.records import (
    COLUMNS,
    FIELDS,
    ConflictError,
    NotFoundError,
    Target,
    UnitCheck,
    validate_record,
)
from geo_planner.planning.targets.register import Register, open_register
from geo_planner.planning.targets.registry import (
    INTERVENTIONS,
    STATUS_LABELS,
    STATUSES,
    Intervention,
    intervention_label,
    resolve_intervention,
    resolve_status,
    status_label,
)

__all__ = [
    "INTERVENTIONS", "Intervention", "STATUSES", "STATUS_LABELS", "resolve_intervention", "resolve_status",
    "intervention_label", "status_label",
    "Target", "FIELDS", "COLUMNS", "UnitCheck", "validate_record",
    "Register", "open_register", "ConflictError", "NotFoundError", "StorageError", "data_dir", "default_url",
    "MIGRATIONS", "SCHEMA_VERSION", "app_role_grants", "redact",
    "Actor", "AccessDenied", "ROLES",
    "ImportReport", "export_frame",
    "overlaps", "mark_overlaps", "effective_quantity", "remaining",
]
