"""The role matrix: which role may perform which action. The only place it is defined."""

from __future__ import annotations

from phiguard.common.roles import ADMIN, USER, VIEWER

# Every action string the edge sends. Anything else is refused, so a typo in the edge fails closed.
ACTIONS: tuple[str, ...] = (
    "detect",
    "deidentify",
    "redact",
    "batch",
    "entities",
    "jobs.submit",
    "jobs.read",
    "jobs.read_all",
    "jobs.manage_all",
    "keys.manage",
    "profiles.manage",
)

# Keyed by every name of phiguard.common.roles.ROLE_NAMES, in its order (a test holds them equal).
ROLES: dict[str, frozenset[str]] = {
    ADMIN: frozenset(ACTIONS),
    USER: frozenset({"detect", "deidentify", "redact", "batch", "entities", "jobs.submit", "jobs.read"}),
    VIEWER: frozenset({"entities", "jobs.read"}),
}


def is_allowed(role: str, action: str) -> bool:
    return action in ROLES.get(role, frozenset())


def markdown_table() -> str:
    """The matrix as the Markdown table that the READMEs carry (a test keeps them in sync)."""
    roles = list(ROLES)
    lines = ["| action | " + " | ".join(f"`{r}`" for r in roles) + " |",
             "| --- |" + " :---: |" * len(roles)]
    for action in ACTIONS:
        cells = ["✅" if is_allowed(r, action) else "—" for r in roles]
        lines.append(f"| `{action}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)
