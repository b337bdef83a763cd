"""Print the README's settings table from the services' settings classes (`make settings-table`).

A test compares README.md with this output, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import importlib
import json

SETTINGS = (
    ("edge", "phiguard.edge.config", "EdgeSettings"),
    ("auth", "phiguard.auth.config", "AuthSettings"),
    ("inference", "phiguard.inference.config", "InferenceSettings"),
    ("worker", "phiguard.worker.config", "WorkerSettings"),
)
BEGIN = "<!-- settings-table:begin -->"
END = "<!-- settings-table:end -->"


def _default(field) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        if not isinstance(value, (list, dict)):
            # Factories of scalars compute per process (host names, pids): not a fixed default.
            return "computed at start-up"
    else:
        value = field.default
    if value is None:
        return "unset"
    if hasattr(value, "get_secret_value"):
        return "(secret)"
    return f"`{json.dumps(value) if isinstance(value, list) else value}`"


def rows() -> list[tuple[str, str, str, list[str]]]:
    """(variable, default, description, services) for every setting, merged across services."""
    merged: dict[str, tuple[str, str, list[str]]] = {}
    for service, module, cls in SETTINGS:
        settings = getattr(importlib.import_module(module), cls)
        prefix = settings.model_config.get("env_prefix", "")
        for name, field in settings.model_fields.items():
            var = f"{prefix}{name}".upper()
            default, description, users = merged.get(var, (_default(field), field.description or "", []))
            merged[var] = (default, description, [*users, service])
    return [(var, d, desc, users) for var, (d, desc, users) in sorted(merged.items())]


def table() -> str:
    lines = ["| variable | services | default | meaning |", "| --- | --- | --- | --- |"]
    lines += [f"| `{var}` | {', '.join(users)} | {default} | {desc} |" for var, default, desc, users in rows()]
    return "\n".join([BEGIN, *lines, END])


if __name__ == "__main__":
    print(table())
