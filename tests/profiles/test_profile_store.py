"""Site profiles at rest (real Redis): sealed under a key derived from the secret, bound to their id and
version, and every inference replica compiles the new version on its next call."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis
from phiguard.common.profiles import (ProfileError, ProfileStore, parse_body, parse_csv, profile_key)
from phiguard.common.sealed import SealError, Sealer
from phiguard.inference.profiles import ProfileCache, ProfileUnavailable

SECRET = b"profile-store-test-secret-0123456789"
ROSTER = ["Ada Quill", "Tomas Reyes", "Zebulon Harrowgate"]
BODY = {"description": "test site",
        "lists": [{"name": "staff", "entity_type": "PROVIDER", "entries": ROSTER},
                  {"name": "facilities", "entity_type": "ORGANIZATION", "entries": ["Ellerby Memorial", "EMH"]}],
        "allow": ["Pyxis"]}


@pytest.fixture
async def aredis(redis_url, redis_client):  # redis_client flushes database 0 first
    client = aioredis.Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


def test_sealed_values_open_only_with_their_secret_and_associated_data():
    sealer = Sealer(SECRET, "profile")
    sealed = sealer.seal(b"Ada Quill", b"profile:a:1")
    assert b"Ada" not in sealed and sealer.open(sealed, b"profile:a:1") == b"Ada Quill"
    for other, aad in ((Sealer(SECRET, "profile"), b"profile:b:1"), (Sealer(SECRET, "job"), b"profile:a:1"),
                       (Sealer(b"another secret", "profile"), b"profile:a:1")):
        with pytest.raises(SealError):
            other.open(sealed, aad)
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(SealError):
        sealer.open(tampered, b"profile:a:1")


async def test_raw_redis_holds_no_entry_in_clear(aredis, redis_client):
    store = ProfileStore(aredis, SECRET)
    await store.put("mercy", parse_body(BODY))
    await store.bind("key1", "mercy")
    dump = b"".join(
        b"".join(redis_client.hgetall(k).values()) if redis_client.type(k) == b"hash"
        else b"".join(redis_client.smembers(k)) if redis_client.type(k) == b"set" else redis_client.get(k) or b""
        for k in redis_client.keys("*"))
    for entry in [*ROSTER, "Ellerby", "EMH", "Pyxis", "Quill", "Harrowgate"]:
        assert entry.encode() not in dump and entry.lower().encode() not in dump, entry
    version, body = await store.load("mercy")
    assert version >= 1 and body.lists[0].entries == ROSTER


async def test_a_body_moved_to_another_profile_does_not_open(aredis, redis_client):
    store = ProfileStore(aredis, SECRET)
    await store.put("mercy", parse_body(BODY))
    await store.put("other", parse_body({"lists": []}))
    redis_client.hset(profile_key("other"), "body", redis_client.hget(profile_key("mercy"), "body"))
    with pytest.raises(SealError):
        await store.load("other")


async def test_versions_change_on_every_write_and_deletion_drops_bindings(aredis):
    store = ProfileStore(aredis, SECRET)
    first, created = await store.put("mercy", parse_body(BODY))
    second, again = await store.put("mercy", parse_body(BODY))
    assert created and not again and second.version > first.version
    assert second.counts == {"staff": 3, "facilities": 2, "allow": 1} and second.created_at == first.created_at
    with pytest.raises(FileExistsError):
        await store.put("mercy", parse_body(BODY), mode="create")
    with pytest.raises(KeyError):
        await store.put("absent", parse_body(BODY), mode="replace")
    await store.bind("key1", "mercy")
    assert await store.delete("mercy") and await store.bound("key1") is None and await store.names() == []


def test_csv_import_and_validation_never_quote_entries():
    body = parse_csv("list,entity_type,text\nstaff,PROVIDER,Ada Quill\nstaff,NAME,Zebulon Harrowgate\n"
                     "units,LOCATION,Ellery 4\nallow,,Pyxis\n")
    assert body.counts() == {"staff": 2, "units": 1, "allow": 1}
    assert body.lists[0].entries[1].entity_type == "NAME"
    for bad in ("list,entity_type,text\nstaff,NOT_A_TYPE,Zebulon Harrowgate\n",
                "list,entity_type,text\nstaff,PROVIDER," + "Zebulon Harrowgate " * 20 + "\n",
                "name,text\nstaff,Zebulon Harrowgate\n"):
        with pytest.raises(ProfileError) as err:
            parse_csv(bad)
        assert "Zebulon" not in str(err.value) and "NOT_A_TYPE" not in str(err.value)


def test_csv_with_bare_carriage_returns_or_malformed_fields_is_a_profile_error():
    """Old Mac line ends are rows; what the csv module cannot read is a 400's ProfileError, never a 500."""
    body = parse_csv("list,entity_type,text\rstaff,PROVIDER,Ada Quill\rallow,,Pyxis\r")
    assert body.counts() == {"staff": 1, "allow": 1}
    for bad in ("\U000f4249@:\x07\r$\U0002a3c2",  # schemathesis's body: no header, a bare "\r" inside
                "list,entity_type,text\nstaff,PROVIDER,Zebulon" + "x" * 200_000 + "\n"):
        with pytest.raises(ProfileError) as err:
            parse_csv(bad)
        assert "Zebulon" not in str(err.value)


async def test_every_replica_applies_a_change_on_its_next_call(aredis):
    store = ProfileStore(aredis, SECRET)
    replicas = [ProfileCache(ProfileStore(aredis, SECRET)) for _ in range(2)]
    await store.put("mercy", parse_body(BODY))
    for cache in replicas:
        profile = await cache.get("mercy")
        assert [s.source for s in profile.find("seen at EMH")] == ["profile:facilities"]
    changed = {**BODY, "lists": [{"name": "units", "entity_type": "LOCATION", "entries": ["Ellery"]}]}
    await store.put("mercy", parse_body(changed))
    for cache in replicas:
        profile = await cache.get("mercy")
        assert profile.find("seen at EMH") == [] and [s.source for s in profile.find("on ellery3")] == [
            "profile:units"]
    await store.delete("mercy")
    for cache in replicas:
        assert await cache.get("mercy") is None


async def test_an_unreachable_store_fails_the_call_rather_than_skipping_the_profile():
    dead = aioredis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    try:
        with pytest.raises(ProfileUnavailable):
            await ProfileCache(ProfileStore(dead, SECRET)).get("mercy")
        with pytest.raises(ProfileUnavailable):
            await ProfileCache(None).get("mercy")
    finally:
        await dead.aclose()


async def test_the_install_time_loader_writes_only_changed_profiles(aredis, tmp_path, caplog):
    from phiguard.edge.site_profiles import load_profile_files

    store = ProfileStore(aredis, SECRET)
    (tmp_path / "mercy.json").write_text(__import__("json").dumps(BODY))
    (tmp_path / "units.csv").write_text("list,entity_type,text\nunits,LOCATION,Ellery\n")
    (tmp_path / "Bad Name.json").write_text("{}")
    (tmp_path / "broken.json").write_text('{"lists": [{"name": "x", "entity_type": "NOPE", "entries": ["Zebulon"]}]}')
    with caplog.at_level("INFO"):
        assert await load_profile_files(store, tmp_path) == {"written": 2, "unchanged": 0, "refused": 2}
    version = await store.version("mercy")
    # Replicas starting again with the same files change nothing.
    assert await load_profile_files(store, tmp_path) == {"written": 0, "unchanged": 2, "refused": 2}
    assert await store.version("mercy") == version and await store.names() == ["mercy", "units"]
    assert "Zebulon" not in caplog.text and "Harrowgate" not in caplog.text
