"""Site profiles as inference reads them: by name from Redis, opened and compiled once per version.

Freshness: every call that names a profile reads that profile's version (one HGET); a version this process has
not compiled is fetched, opened and compiled before the call goes on (concurrent calls wait for the one
compilation). A changed profile therefore applies on the next call on every replica, with no restart and no
message between replicas, and a deleted one is refused on the next call. Compiled profiles are kept in a
small LRU, newest version only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict

from phiguard.common.profiles import ProfileStore
from phiguard.common.sealed import SealError
from phiguard.inference.engine.profile import SiteProfile, compile_profile
from phiguard.inference.metrics import PROFILE_COMPILE_SECONDS

log = logging.getLogger(__name__)


class ProfileUnavailable(Exception):
    """Profiles cannot be read now (Redis down, no secret configured, a body that does not open)."""


class ProfileCache:
    def __init__(self, store: ProfileStore | None, max_profiles: int = 16) -> None:
        self._store = store
        self._max = max_profiles
        self._compiled: OrderedDict[str, SiteProfile] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, name: str) -> SiteProfile | None:
        """The profile's current version, compiled; None when there is no such profile."""
        if self._store is None:
            raise ProfileUnavailable("site profiles need PHIGUARD_HMAC_SECRET and PHIGUARD_REDIS_URL on inference")
        try:
            version = await self._store.version(name)
        except Exception as exc:  # redis errors of every kind: the call fails, it never runs without its profile
            raise ProfileUnavailable(f"site profiles unreachable ({type(exc).__name__})") from None
        if version is None:
            self._compiled.pop(name, None)
            return None
        cached = self._compiled.get(name)
        if cached is not None and cached.version == version:
            self._compiled.move_to_end(name)
            return cached
        lock = self._locks.setdefault(name, asyncio.Lock())
        async with lock:
            cached = self._compiled.get(name)
            if cached is not None and cached.version >= version:
                return cached
            return await self._load(name)

    async def _load(self, name: str) -> SiteProfile | None:
        try:
            loaded = await self._store.load(name)
        except SealError:
            raise ProfileUnavailable("site profile does not open with this service's secret") from None
        except Exception as exc:
            raise ProfileUnavailable(f"site profiles unreachable ({type(exc).__name__})") from None
        if loaded is None:
            return None
        version, body = loaded
        started = time.perf_counter()
        # Compiling tens of thousands of entries takes a moment: off the event loop.
        profile = await asyncio.to_thread(compile_profile, name, version, body)
        PROFILE_COMPILE_SECONDS.observe(time.perf_counter() - started)
        log.info("site profile compiled", extra={"profile": name, "profile_version": version,
                                                 "entries": profile.entries, "allow": len(profile.allow)})
        self._compiled[name] = profile
        self._compiled.move_to_end(name)
        while len(self._compiled) > self._max:
            self._compiled.popitem(last=False)
        return profile
