"""Site profiles: an institution's own names (deny lists) and its local words never to report (allow list).

Shared by the edge (management API, install-time loader), and inference (which reads the profile a
request names and compiles it). Entries are personal data (a staff roster): they are sealed at rest
(`phiguard.common.sealed`), never logged, and error messages name fields and positions, never entries.

Redis layout (one hash per profile, so version and sealed body change together in one HSET):
  phiguard:profile:<name>     version (integer from one counter, never reused), body (sealed JSON),
                              meta (JSON: counts, times, keyed digest; no entry)
  phiguard:profiles           set of profile names
  phiguard:profiles:version   the counter versions come from
  phiguard:profile-keys       hash: API key id -> the profile bound to that key as its default
The sealed body's associated data is "profile:<name>:<version>", so a body opens only as the profile
and version it was written for.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.common.sealed import Sealer, derive_key

NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
MAX_ENTRY_CHARS = 200
# An entry is matched as a run of words; the matcher's work per word of text is bounded by this.
MAX_ENTRY_WORDS = 16
MAX_ENTRIES = 200_000
ALLOW_LIST = "allow"

PREFIX = "phiguard:profile:"
NAMES_KEY = "phiguard:profiles"
VERSION_KEY = "phiguard:profiles:version"
BINDINGS_KEY = "phiguard:profile-keys"
SEAL_PURPOSE = "profile"


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def valid_name(name: str) -> bool:
    """Whether a string is a profile or list name (NAME_PATTERN)."""
    return 1 <= len(name) <= 63 and name[0] not in "_-" and set(name) <= _NAME_CHARS


class ProfileError(ValueError):
    """A profile that cannot be stored or read; the message never quotes an entry."""


def _check_entry(text: str, where: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValueError(f"{where}: an entry must not be empty")
    if len(text) > MAX_ENTRY_CHARS:
        raise ValueError(f"{where}: an entry is at most {MAX_ENTRY_CHARS} characters")
    if not any(c.isalnum() for c in text):
        raise ValueError(f"{where}: an entry needs a letter or digit")
    if len(text.split()) > MAX_ENTRY_WORDS:
        raise ValueError(f"{where}: an entry is at most {MAX_ENTRY_WORDS} words")
    return text


class ProfileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    text: str = Field(..., description="A name as the site writes it.")
    entity_type: str | None = Field(None, description="This entry's type, when not its list's.")

    @field_validator("entity_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None and value not in ENTITY_TYPE_NAMES:
            raise ValueError("unknown entity type")
        return value


class ProfileList(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    name: str = Field(..., pattern=NAME_PATTERN, description="List name; hits carry the source profile:<name>.")
    entity_type: str = Field(..., description="Entity type of the list's entries (ORGANIZATION, LOCATION, PROVIDER, ...).")
    entries: list[str | ProfileEntry] = Field(default_factory=list,
                                              description="Names, short forms and initials: a string or {text, entity_type}.")

    @field_validator("entity_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in ENTITY_TYPE_NAMES:
            raise ValueError("unknown entity type")
        return value

    @model_validator(mode="after")
    def _entries(self) -> ProfileList:
        if self.name == ALLOW_LIST:
            raise ValueError("'allow' is the allow list's name, not a deny list's")
        cleaned: list[str | ProfileEntry] = []
        for i, entry in enumerate(self.entries):
            where = f"entries.{i}"
            if isinstance(entry, str):
                cleaned.append(_check_entry(entry, where))
            else:
                cleaned.append(ProfileEntry(text=_check_entry(entry.text, where), entity_type=entry.entity_type))
        self.entries = cleaned
        return self

    def typed_entries(self) -> Iterable[tuple[str, str]]:
        for entry in self.entries:
            if isinstance(entry, str):
                yield entry, self.entity_type
            else:
                yield entry.text, entry.entity_type or self.entity_type


class ProfileBody(BaseModel):
    """What an administrator uploads: named deny lists and one allow list."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, json_schema_extra={"examples": [{
        "description": "Mercy Hospital, both campuses",
        "lists": [
            {"name": "facilities", "entity_type": "ORGANIZATION",
             "entries": ["Mercy Hospital", "MH", "Brandt Hospital", "brandt"]},
            {"name": "buildings", "entity_type": "LOCATION", "entries": ["Ellery", "Haskell Pavilion"]},
            {"name": "staff", "entity_type": "PROVIDER", "entries": ["Ada Quill", "Tomas Reyes"]},
        ],
        "allow": ["Pyxis", "Foley", "Omnicell"],
    }]})

    description: str = Field("", max_length=200, description="What the profile is for (shown in lists; no PHI).")
    lists: list[ProfileList] = Field(default_factory=list, description="Deny lists: names to find and report.")
    allow: list[str] = Field(default_factory=list,
                             description="Local words never reported: a model or rule span that is exactly one "
                                         "of them is dropped (each use is logged as a count).")

    @model_validator(mode="after")
    def _limits(self) -> ProfileBody:
        self.allow = [_check_entry(text, f"allow.{i}") for i, text in enumerate(self.allow)]
        names = [lst.name for lst in self.lists]
        if len(names) != len(set(names)):
            raise ValueError("lists: list names must be unique")
        total = sum(len(lst.entries) for lst in self.lists) + len(self.allow)
        if total > MAX_ENTRIES:
            raise ValueError(f"a profile holds at most {MAX_ENTRIES} entries")
        return self

    def counts(self) -> dict[str, int]:
        return {**{lst.name: len(lst.entries) for lst in self.lists}, ALLOW_LIST: len(self.allow)}


def validation_message(exc: ValidationError) -> str:
    """Paths and messages of a profile's validation errors; never the values."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = err.get("msg", "invalid").removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts[:10])


def parse_body(data: Any) -> ProfileBody:
    try:
        return ProfileBody.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(validation_message(exc)) from None


CSV_COLUMNS = ("list", "entity_type", "text")


def parse_csv(content: str, description: str = "") -> ProfileBody:
    """A profile from CSV with the header list,entity_type,text: one entry a row; rows of the list
    "allow" (entity_type empty) form the allow list. A list's type is the type of its first row."""
    # newline="": the csv module reads line ends itself, so a bare "\r" ends a row as "\n" does (csv docs)
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        return _profile_from_rows(reader, description)
    except csv.Error:  # what is left malformed; the message never quotes the text
        raise ProfileError("csv: not valid CSV (a field over the size limit or a broken quote)") from None


def _profile_from_rows(reader: csv.DictReader, description: str) -> ProfileBody:
    if reader.fieldnames is None or [f.strip().lower() for f in reader.fieldnames] != list(CSV_COLUMNS):
        raise ProfileError("csv: the header must be list,entity_type,text")
    lists: dict[str, dict] = {}
    allow: list[str] = []
    for row_number, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ProfileError(f"csv: row {row_number} must have exactly 3 columns")
        values = {k.strip().lower(): v.strip() for k, v in row.items()}
        name, entity_type, text = values["list"], values["entity_type"], values["text"]
        if not name:
            raise ProfileError(f"csv: row {row_number} has no list name")
        if name == ALLOW_LIST:
            allow.append(text)
            continue
        current = lists.setdefault(name, {"name": name, "entity_type": entity_type, "entries": []})
        if entity_type and entity_type != current["entity_type"]:
            current["entries"].append({"text": text, "entity_type": entity_type})
        else:
            current["entries"].append(text)
    try:
        return ProfileBody.model_validate({"description": description, "lists": list(lists.values()), "allow": allow})
    except ValidationError as exc:
        raise ProfileError("csv: " + validation_message(exc)) from None


def parse_file(name: str, content: str) -> ProfileBody:
    """A profile file of the install-time loader: <profile>.json (the API's body) or <profile>.csv."""
    if name.endswith(".csv"):
        return parse_csv(content)
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ProfileError(f"json: not valid JSON (line {exc.lineno})") from None
    return parse_body(data)


def canonical(body: ProfileBody) -> bytes:
    return json.dumps(body.model_dump(mode="json", exclude_none=True), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode()


def profile_key(name: str) -> str:
    return PREFIX + name


def associated_data(name: str, version: int) -> bytes:
    return f"profile:{name}:{version}".encode()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class ProfileMeta:
    name: str
    version: int
    description: str
    counts: dict[str, int]
    created_at: str
    updated_at: str
    digest: str

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# Creates or replaces one profile: the version, sealed body and meta change together; ARGV[4] "1" refuses to
# replace (create only), "2" refuses to create (replace only). Returns the new version, or 0 / -1 refused.
_PUT = """
local exists = redis.call('EXISTS', KEYS[1])
if ARGV[4] == '1' and exists == 1 then return 0 end
if ARGV[4] == '2' and exists == 0 then return -1 end
local version = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'version', version, 'body', ARGV[2], 'meta', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[5])
return version
"""

# Deletes a profile and every key binding to it.
_DELETE = """
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[1])
local bound = redis.call('HGETALL', KEYS[3])
for i = 1, #bound, 2 do
  if bound[i + 1] == ARGV[1] then redis.call('HDEL', KEYS[3], bound[i]) end
end
return 1
"""


class ProfileStore:
    """Profiles in Redis (redis.asyncio client), sealed under a key derived from the service secret."""

    def __init__(self, redis, secret: bytes) -> None:
        self.redis = redis
        self._sealer = Sealer(secret, SEAL_PURPOSE)
        self._digest_key = derive_key(secret, SEAL_PURPOSE + ":digest")

    def digest(self, body: ProfileBody) -> str:
        # Keyed, so the digest of a guessed roster cannot be checked against it.
        return hmac.new(self._digest_key, canonical(body), hashlib.sha256).hexdigest()[:32]

    async def put(self, name: str, body: ProfileBody, *, mode: str = "upsert") -> tuple[ProfileMeta, bool]:
        """mode: upsert | create | replace. Returns the meta and whether the profile was new.
        Raises KeyError (replace of a missing profile) or FileExistsError (create of an existing one)."""
        previous = await self.meta(name)
        version = int(await self.redis.incr(VERSION_KEY))
        now = _now()
        meta = ProfileMeta(name=name, version=version, description=body.description, counts=body.counts(),
                           created_at=previous.created_at if previous else now, updated_at=now,
                           digest=self.digest(body))
        sealed = self._sealer.seal(canonical(body), associated_data(name, version))
        flag = {"upsert": "0", "create": "1", "replace": "2"}[mode]
        result = int(await self.redis.eval(_PUT, 2, profile_key(name), NAMES_KEY, version, sealed,
                                           json.dumps(_meta_fields(meta)), flag, name))
        if result == 0:
            raise FileExistsError(name)
        if result == -1:
            raise KeyError(name)
        return meta, previous is None

    async def meta(self, name: str) -> ProfileMeta | None:
        raw, version = await self.redis.hmget(profile_key(name), "meta", "version")
        if raw is None or version is None:
            return None
        return _meta_from(name, int(version), json.loads(raw))

    async def version(self, name: str) -> int | None:
        raw = await self.redis.hget(profile_key(name), "version")
        return None if raw is None else int(raw)

    async def load(self, name: str) -> tuple[int, ProfileBody] | None:
        """The profile's version and body, opened; None when there is no such profile."""
        version, sealed = await self.redis.hmget(profile_key(name), "version", "body")
        if version is None or sealed is None:
            return None
        version = int(version)
        plaintext = self._sealer.open(sealed, associated_data(name, version))
        return version, ProfileBody.model_validate_json(plaintext)

    async def delete(self, name: str) -> bool:
        return bool(await self.redis.eval(_DELETE, 3, profile_key(name), NAMES_KEY, BINDINGS_KEY, name))

    async def names(self) -> list[str]:
        return sorted(n.decode() if isinstance(n, bytes) else n for n in await self.redis.smembers(NAMES_KEY))

    async def bind(self, key_id: str, name: str) -> None:
        await self.redis.hset(BINDINGS_KEY, key_id, name)

    async def unbind(self, key_id: str) -> bool:
        return bool(await self.redis.hdel(BINDINGS_KEY, key_id))

    async def bound(self, key_id: str) -> str | None:
        raw = await self.redis.hget(BINDINGS_KEY, key_id)
        return None if raw is None else (raw.decode() if isinstance(raw, bytes) else raw)

    async def bindings(self) -> dict[str, str]:
        raw = await self.redis.hgetall(BINDINGS_KEY)
        return {(k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
                for k, v in raw.items()}


def _meta_fields(meta: ProfileMeta) -> dict:
    return {"description": meta.description, "counts": meta.counts, "created_at": meta.created_at,
            "updated_at": meta.updated_at, "digest": meta.digest}


def _meta_from(name: str, version: int, fields: dict) -> ProfileMeta:
    return ProfileMeta(name=name, version=version, description=fields.get("description", ""),
                       counts=fields.get("counts", {}), created_at=fields.get("created_at", ""),
                       updated_at=fields.get("updated_at", ""), digest=fields.get("digest", ""))
