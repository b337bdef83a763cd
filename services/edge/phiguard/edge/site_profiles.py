"""Site profiles at the edge: which profile a call uses, and the profiles loaded from files at start-up.

A call uses the profile it names, else the one bound to its API key, else none. A key bound to a profile
may name no other (the binding is how one tenant's keys are held to its own site); admins may name any.
The edge passes only the name to inference, which reads the profile's current version from Redis itself
(phiguard.inference.profiles), so the edge never opens a profile on the request path.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import Request

from phiguard.common.profiles import ProfileError, ProfileStore, parse_file, valid_name
from phiguard.common.roles import ADMIN
from phiguard.edge.deps import Principal
from phiguard.edge.errors import ApiError

log = logging.getLogger(__name__)

PROFILES_OFF = "site profiles are off: the service has no PHIGUARD_HMAC_SECRET"


async def choose_profile(store: ProfileStore | None, principal: Principal, requested: str | None) -> str:
    """The name of the profile a call uses ("" for none)."""
    if store is None:
        if requested:
            raise ApiError(503, PROFILES_OFF)
        return ""
    try:
        bound = await store.bound(principal.key_id)
    except Exception as exc:  # a Redis failure of any kind: refuse rather than run without the key's profile
        log.warning("site profile binding unreadable", extra={"exc_type": type(exc).__name__})
        raise ApiError(503, "site profiles are unavailable", {"Retry-After": "1"}) from None
    if requested:
        if bound and requested != bound and principal.role != ADMIN:
            raise ApiError(403, "profile: this API key is bound to another site profile")
        return requested
    return bound or ""


async def resolve_profile(request: Request, principal: Principal, requested: str | None) -> str:
    return await choose_profile(request.app.state.profiles, principal, requested)


async def load_profile_files(store: ProfileStore, folder: Path) -> dict[str, int]:
    """Creates or replaces each <name>.json / <name>.csv of the folder whose content differs from what Redis
    holds (a keyed digest compares them, so replicas starting together do not bump the version in turn).
    Returns how many profiles were written, unchanged and refused; logs names and counts only."""
    outcome = {"written": 0, "unchanged": 0, "refused": 0}
    if not folder.is_dir():
        log.warning("site profile folder missing", extra={"folder": str(folder)})
        return outcome
    for path in sorted(folder.iterdir()):
        # ConfigMap and Secret volumes hold their files behind ..data links; only <name>.json / .csv count.
        if path.name.startswith(".") or path.suffix not in (".json", ".csv") or not path.is_file():
            continue
        name = path.stem
        try:
            if not valid_name(name):
                raise ProfileError("file name: a profile name is lower-case letters, digits, - and _")
            body = parse_file(path.name, path.read_text(encoding="utf-8-sig"))
        except (ProfileError, OSError, UnicodeDecodeError) as exc:
            outcome["refused"] += 1
            log.error("site profile file refused", extra={"file": path.name, "reason": str(exc)})
            continue
        current = await store.meta(name)
        if current is not None and current.digest == store.digest(body):
            outcome["unchanged"] += 1
            continue
        meta, _ = await store.put(name, body)
        outcome["written"] += 1
        log.info("site profile loaded", extra={"profile": name, "profile_version": meta.version,
                                               "entries": meta.total})
    return outcome
