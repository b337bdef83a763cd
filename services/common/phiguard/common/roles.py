"""The role names an API key can carry; which actions each role may perform is auth's matrix
(phiguard.auth.roles), keyed by these names."""

from __future__ import annotations

ADMIN = "admin"
USER = "user"
VIEWER = "viewer"
ROLE_NAMES: tuple[str, ...] = (ADMIN, USER, VIEWER)
