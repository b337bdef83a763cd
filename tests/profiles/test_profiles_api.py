"""Site profiles through the whole stack (real processes, real Redis): admin-only management, JSON and CSV
import, a profile chosen per call or bound to a key, every entry point (REST, jobs, public gRPC), changes
applied on the next call, nothing of an entry in logs or in Redis in clear."""

from __future__ import annotations

import time

import grpc
import httpx
import pytest
import redis
from phiguard.v1 import deidentification_pb2 as pb
from phiguard.v1 import deidentification_pb2_grpc as pb_grpc

# Invented names that no model or rule finds on their own in the notes below.
ROSTER = ["Zebulon Harrowgate", "Ottoline Vexby"]
PROFILE = {
    "description": "north campus",
    "lists": [
        {"name": "facilities", "entity_type": "ORGANIZATION", "entries": ["Vexmoor Hospital", "VMH", "Quarrendon"]},
        {"name": "units", "entity_type": "LOCATION", "entries": ["Ellery"]},
        {"name": "staff", "entity_type": "PROVIDER", "entries": ROSTER},
    ],
    "allow": ["Pyxis"],
}
NOTE = "Pt from vmh to ellery3 overnight, then ELLERY 4. VMH's ED full; quarrendon hosp next wk. d/w zebulon harrowgate."
EXPECTED = {"vmh", "ellery3", "ELLERY", "VMH", "quarrendon hosp", "zebulon harrowgate"}
SECRET_WORDS = ["Harrowgate", "Vexby", "Vexmoor", "Quarrendon", "Zebulon", "Ottoline"]


def _key(stack, name: str, role: str = "user") -> tuple[str, str]:
    reply = httpx.post(f"{stack.edge_url}/api/v1/keys", headers={"X-API-Key": stack.admin_key},
                       json={"name": name, "role": role, "rate_limit_per_minute": 1_000_000}, timeout=30)
    assert reply.status_code == 201, reply.text
    return reply.json()["key_id"], reply.json()["api_key"]


@pytest.fixture(scope="module")
def admin(stack):
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": stack.admin_key}, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def user(stack):
    key_id, key = _key(stack, "profiles-user")
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": key}, timeout=60) as c:
        c.key_id = key_id
        yield c


@pytest.fixture(scope="module")
def vexmoor(admin):
    reply = admin.put("/profiles/site-a", json=PROFILE)
    assert reply.status_code in (200, 201), reply.text
    yield reply.json()
    admin.delete("/profiles/site-a")


def _found(client, text: str, **body) -> set[str]:
    reply = client.post("/detect", json={"text": text, **body})
    assert reply.status_code == 200, reply.text
    return {e["text"] for e in reply.json()["entities"]}


def test_only_admins_manage_profiles(stack, user):
    for method, path, body in (("GET", "/profiles", None), ("PUT", "/profiles/x", PROFILE),
                               ("POST", "/profiles/x", PROFILE), ("GET", "/profiles/x", None),
                               ("DELETE", "/profiles/x", None), ("PUT", "/profiles/x/keys/abc", None)):
        assert user.request(method, path, json=body).status_code == 403, (method, path)
        anonymous = httpx.request(method, f"{stack.edge_url}/api/v1{path}", json=body, timeout=30)
        assert anonymous.status_code == 401, (method, path)


def test_create_read_list_with_counts_never_entries(admin, vexmoor):
    assert vexmoor["counts"] == {"facilities": 3, "units": 1, "staff": 2, "allow": 1}
    assert vexmoor["total_entries"] == 7
    summary = admin.get("/profiles/site-a").json()
    listed = admin.get("/profiles").json()["profiles"]
    assert summary["version"] == vexmoor["version"] and "site-a" in [p["name"] for p in listed]
    for answer in (vexmoor, summary, listed):
        assert not any(w in str(answer) for w in SECRET_WORDS)
    exported = admin.get("/profiles/site-a", params={"include_entries": True}).json()
    assert exported["profile"]["lists"][2]["entries"] == ROSTER
    assert admin.post("/profiles/site-a", json=PROFILE).status_code == 409
    assert admin.get("/profiles/absent").status_code == 404


def test_invalid_profiles_are_refused_without_echoing_entries(admin):
    bad = {"lists": [{"name": "staff", "entity_type": "NOT_A_TYPE", "entries": ["Zebulon Harrowgate"]}]}
    reply = admin.put("/profiles/bad", json=bad)
    assert reply.status_code == 400 and "Zebulon" not in reply.text and "NOT_A_TYPE" not in reply.text
    long_entry = {"lists": [{"name": "staff", "entity_type": "PROVIDER", "entries": ["Zebulon " * 40]}]}
    reply = admin.put("/profiles/bad", json=long_entry)
    assert reply.status_code == 400 and "Zebulon" not in reply.text


def test_glued_lower_case_and_numbered_forms_are_found(user, vexmoor):
    assert EXPECTED <= _found(user, NOTE, profile="site-a")
    assert not {"ELLERY", "quarrendon hosp"} & _found(user, NOTE)  # without the profile these are missed
    reply = user.post("/deidentify", json={"text": NOTE, "profile": "site-a"}).json()
    assert not any(w.lower() in reply["deidentified_text"].lower() for w in ("vmh", "ellery", "harrowgate"))
    redacted = user.post("/redact", json={"text": NOTE, "profile": "site-a"}).json()["deidentified_text"]
    assert "harrowgate" not in redacted
    batch = user.post("/batch", json={"texts": [NOTE, NOTE], "profile": "site-a"}).json()
    assert all("harrowgate" not in r["deidentified_text"] for r in batch["results"])


def test_an_unknown_profile_is_404(user):
    reply = user.post("/detect", json={"text": NOTE, "profile": "no-such-profile"})
    assert reply.status_code == 404 and "profile" in reply.json()["detail"]
    assert user.post("/detect", json={"text": NOTE, "profile": "Not A Name"}).status_code == 400


def test_a_change_applies_on_the_next_request(admin, user, vexmoor):
    # No ward number: the model finds a ward with its number on its own ("BRIGHTWATER 2"), and this test needs units
    # that only the profile names.
    text = "ELLERY AND BRIGHTWATER CODES REVIEWED."
    assert not _found(user, text) & {"ELLERY", "BRIGHTWATER"}
    try:
        changed = {**PROFILE, "lists": [{"name": "units", "entity_type": "LOCATION", "entries": ["Brightwater"]}]}
        assert admin.put("/profiles/site-a", json=changed).json()["version"] > vexmoor["version"]
        found = _found(user, text, profile="site-a")
        assert "BRIGHTWATER" in found and "ELLERY" not in found
    finally:
        admin.put("/profiles/site-a", json=PROFILE)
    found = _found(user, text, profile="site-a")
    assert "ELLERY" in found and "BRIGHTWATER" not in found


def test_csv_import(admin, user):
    csv_text = ("list,entity_type,text\nfacilities,ORGANIZATION,Quillmark Clinic\nstaff,PROVIDER,Ottoline Vexby\n"
                "allow,,Pyxis\n")
    reply = admin.put("/profiles/csv-site/import", content=csv_text, headers={"Content-Type": "text/csv"})
    assert reply.status_code == 200 and reply.json()["created"], reply.text
    assert reply.json()["counts"] == {"facilities": 1, "staff": 1, "allow": 1}
    try:
        found = _found(user, "seen at quillmark clinic by vexby, ottoline", profile="csv-site")
        # A model span running on past the name joins it ("quillmark clinic by"): never less is reported.
        assert "vexby, ottoline" in found and any(f.startswith("quillmark clinic") for f in found), found
    finally:
        assert admin.delete("/profiles/csv-site").status_code == 204


def test_a_key_bound_to_a_profile_uses_it_and_no_other(stack, admin, vexmoor):
    key_id, key = _key(stack, "bound-tenant")
    other = admin.put("/profiles/other-site", json={"lists": [{"name": "units", "entity_type": "LOCATION",
                                                                "entries": ["Brightwater"]}]})
    assert other.status_code in (200, 201)
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": key}, timeout=60) as tenant:
        assert admin.put(f"/profiles/site-a/keys/{key_id}").json() == {"key_id": key_id, "profile": "site-a"}
        assert key_id in admin.get("/profiles/site-a").json()["bound_keys"]
        assert EXPECTED <= _found(tenant, NOTE)
        assert tenant.post("/detect", json={"text": NOTE, "profile": "other-site"}).status_code == 403
        assert "brightwater" in _found(admin, "on brightwater", profile="other-site")  # admins may name any
        assert admin.put("/profiles/site-a/keys/no-such-key").status_code == 404
        assert admin.delete(f"/profiles/site-a/keys/{key_id}").status_code == 204
        assert not {"ELLERY", "quarrendon hosp"} & _found(tenant, NOTE)
    admin.delete("/profiles/other-site")


def test_jobs_use_the_profile(user, vexmoor):
    reply = user.post("/process/async", json={"documents": [{"id": "a", "text": NOTE}], "profile": "site-a"})
    assert reply.status_code == 202, reply.text
    job_id = reply.json()["job_id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = user.get(f"/process/status/{job_id}").json()["status"]
        if status in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.2)
    assert status == "succeeded"
    result = user.get(f"/process/result/{job_id}").json()["results"][0]
    assert EXPECTED <= {e["text"] for e in result["entities_found"]}


def test_the_public_grpc_api_takes_a_profile(stack, user, vexmoor):
    _, key = _key(stack, "profiles-grpc")
    with grpc.insecure_channel(stack.grpc_target) as channel:
        stub = pb_grpc.DeidentificationServiceStub(channel)
        reply = stub.Detect(pb.DetectTextRequest(text=NOTE, profile="site-a"), metadata=(("x-api-key", key),),
                            timeout=60)
        assert EXPECTED <= {e.text for e in reply.entities}
        with pytest.raises(grpc.RpcError) as err:
            stub.Detect(pb.DetectTextRequest(text=NOTE, profile="no-such-profile"),
                        metadata=(("x-api-key", key),), timeout=60)
        assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_every_public_grpc_call_takes_a_profile_with_the_tenant_and_include_text(stack, vexmoor):
    _, key = _key(stack, "profiles-grpc-all")
    md = (("x-api-key", key),)
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": key}, timeout=60) as rest, \
            grpc.insecure_channel(stack.grpc_target) as channel:
        stub = pb_grpc.DeidentificationServiceStub(channel)
        # hash is keyed by the caller's key (the tenant): the same key gets the same tags over REST and gRPC.
        want = rest.post("/deidentify", json={"text": NOTE, "strategy": "hash", "profile": "site-a",
                                              "include_text": False}).json()
        got = stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE, strategy="hash", profile="site-a",
                                                       include_text=False), metadata=md, timeout=60)
        assert got.deidentified_text == want["deidentified_text"]
        assert len(got.entities_found) >= len(EXPECTED) and not any(e.text for e in got.entities_found)
        assert not got.replacements_made
        redacted = stub.Redact(pb.RedactTextRequest(text=NOTE, profile="site-a"), metadata=md, timeout=60)
        assert EXPECTED <= {e.text for e in redacted.entities_found}
        batch = stub.Batch(pb.BatchRequest(texts=[NOTE, NOTE], profile="site-a", include_text=False),
                           metadata=md, timeout=60)
        assert [r.original_text for r in batch.results] == ["", ""]
        assert all(r.entity_count >= len(EXPECTED) for r in batch.results)
        stream = list(stub.DeidentifyStream(iter([
            pb.DeidentifyStreamRequest(text=NOTE, options=pb.StreamOptions(strategy="consistent", profile="site-a")),
            pb.DeidentifyStreamRequest(text=NOTE)]), metadata=md, timeout=60))
        assert [r.index for r in stream] == [0, 1]
        assert all(EXPECTED <= {e.text for e in r.entities_found} for r in stream)
        # A malformed name is refused before any token is spent, as REST refuses it.
        with pytest.raises(grpc.RpcError) as err:
            stub.Detect(pb.DetectTextRequest(text=NOTE, profile="Bad Name"), metadata=md, timeout=60)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "profile" in err.value.details()


def test_a_key_bound_to_a_profile_names_no_other_over_grpc(stack, admin, vexmoor):
    key_id, key = _key(stack, "profiles-grpc-bound")
    assert admin.put(f"/profiles/site-a/keys/{key_id}").status_code == 200
    try:
        with grpc.insecure_channel(stack.grpc_target) as channel:
            stub = pb_grpc.DeidentificationServiceStub(channel)
            reply = stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=(("x-api-key", key),), timeout=60)
            assert EXPECTED <= {e.text for e in reply.entities}  # the bound profile, unnamed
            with pytest.raises(grpc.RpcError) as err:
                stub.Batch(pb.BatchRequest(texts=[NOTE], profile="other-site"), metadata=(("x-api-key", key),),
                           timeout=60)
            assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        admin.delete(f"/profiles/site-a/keys/{key_id}")


def test_allow_list_use_is_logged_as_counts(stack, user, vexmoor):
    user.post("/detect", json={"text": "Meds from the Pyxis. Dr. Pyxis saw pt.", "profile": "site-a"})
    time.sleep(0.5)
    assert '"profile": "site-a"' in stack.logs()


def test_no_entry_in_logs_or_in_redis_in_clear(stack, vexmoor):
    time.sleep(0.5)
    logs = stack.logs()
    for word in SECRET_WORDS:
        assert word not in logs and word.lower() not in logs, word
    raw = redis.Redis.from_url(stack.env["PHIGUARD_REDIS_URL"])
    try:
        for key in raw.keys("phiguard:profile*"):
            kind = raw.type(key)
            values = (raw.hgetall(key).values() if kind == b"hash" else raw.smembers(key) if kind == b"set"
                      else [raw.get(key) or b""])
            blob = b"".join(values).lower()
            for word in SECRET_WORDS:
                assert word.lower().encode() not in blob, (key, word)
    finally:
        raw.close()
