"""The REST contract of the seed, end to end: edge → auth (gRPC) → inference (gRPC), real processes."""

from __future__ import annotations

import httpx
import pytest

from phiguard.common.strategies import STRATEGIES

NOTE = "John Smith SSN 123-45-6789"
NOTE_WITH_PEOPLE = "Patient John Smith (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson."
ERROR_KEYS = {"error", "detail", "status_code", "request_id"}


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": stack.admin_key},
                      timeout=30) as c:
        yield c


def assert_error(reply: httpx.Response, status: int) -> dict:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == ERROR_KEYS
    assert body["status_code"] == status
    assert reply.headers["x-request-id"] and body["request_id"] == reply.headers["x-request-id"]
    return body


def test_detect_finds_the_ssn_at_its_code_point_offsets(client):
    reply = client.post("/detect", json={"text": NOTE})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert set(body) == {"entities", "entity_count", "text_length"}
    assert body["text_length"] == len(NOTE)
    assert body["entity_count"] == len(body["entities"])
    ssn = [e for e in body["entities"] if e["entity_type"] == "SSN"]
    # Python code-point offsets: "John Smith SSN " is 15 characters long.
    assert [(e["start"], e["end"], e["text"]) for e in ssn] == [(15, 26, "123-45-6789")]
    for entity in body["entities"]:
        assert set(entity) == {"entity_type", "text", "start", "end", "confidence"}
        assert NOTE[entity["start"]:entity["end"]] == entity["text"]
        assert 0.0 <= entity["confidence"] <= 1.0


def test_bearer_token_is_accepted(stack):
    reply = httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": NOTE},
                       headers={"Authorization": f"Bearer {stack.admin_key}"})
    assert reply.status_code == 200


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "phg_nope_notakey"}, {"Authorization": "Bearer wrong"}])
def test_missing_or_unknown_key_is_401_in_the_seed_shape(stack, headers):
    reply = httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": NOTE}, headers=headers)
    body = assert_error(reply, 401)
    assert body["error"] == "Unauthorized"


def test_health_is_liveness_with_model_fields(client):
    body = client.get("/health").json()
    assert body["status"] == "healthy"
    assert isinstance(body["model_loaded"], bool)
    assert body["model_name"]
    assert body["version"]


def test_ready_reports_every_dependency(client):
    reply = client.get("/ready")
    assert reply.status_code == 200
    assert reply.json()["checks"] | {"auth": True, "inference": True, "redis": True} == reply.json()["checks"]


def test_version(client):
    body = client.get("/version").json()
    assert set(body) == {"version", "build", "model_name", "model_version", "execution_provider"}


def test_entities_lists_the_21_types(client):
    body = client.get("/entities").json()
    assert body["total_types"] == 21
    names = {e["name"] for e in body["entity_types"]}
    assert {"NAME", "DATE", "SSN", "PATIENT_ID", "ORGANIZATION", "PROVIDER"} <= names
    for e in body["entity_types"]:
        assert set(e) == {"name", "description", "examples", "replacement", "parent"}
        assert e["replacement"] == f"[{e['name']}]" and e["examples"] and e["description"]


def test_entities_state_the_type_hierarchy(client):
    parents = {e["name"]: e["parent"] for e in client.get("/entities").json()["entity_types"]}
    assert parents["PROVIDER"] == "NAME" and parents["NAME"] is None
    assert {p for p in parents.values() if p is not None} <= set(parents)


@pytest.mark.parametrize(("text", "name"), [
    ("Seen by Dr. Sarah Johnson today.", "Sarah Johnson"),
    ("John Smith SSN 123-45-6789", "John Smith"),
])
def test_asking_for_name_includes_its_subtypes_and_reports_them_specifically(client, text, name):
    body = client.post("/deidentify", json={"text": text, "entity_types": ["NAME", "SSN"]}).json()
    assert name not in body["deidentified_text"]
    assert "123-45-6789" not in body["deidentified_text"]
    [person] = [e for e in body["entities_found"] if e["text"] == name]
    assert person["entity_type"] in {"NAME", "PROVIDER"}
    # The specific type, as asked for by the parent, is what the replacement says.
    assert body["replacements_made"][name] == f"[{person['entity_type']}]"


def test_a_clinician_is_reported_as_provider_and_a_subtype_does_not_include_its_parent(client):
    found = client.post("/detect", json={"text": NOTE_WITH_PEOPLE, "entity_types": ["NAME"]}).json()["entities"]
    assert {(e["text"], e["entity_type"]) for e in found} == {("John Smith", "NAME"), ("Sarah Johnson", "PROVIDER")}
    found = client.post("/detect", json={"text": NOTE_WITH_PEOPLE, "entity_types": ["PROVIDER"]}).json()["entities"]
    assert [(e["text"], e["entity_type"]) for e in found] == [("Sarah Johnson", "PROVIDER")]


@pytest.mark.parametrize(("payload", "fragment"), [
    ({"text": ""}, "text"),
    ({}, "text"),
    ({"text": "x" * 100_001}, "100000"),
    ({"text": NOTE, "confidence_threshold": 1.5}, "confidence_threshold"),
    ({"text": NOTE, "entity_types": ["NOT_A_TYPE"]}, "entity_types"),
    ({"text": NOTE, "unexpected": 1}, "body: unknown field"),
])
def test_validation_errors_are_400_not_422(client, payload, fragment):
    body = assert_error(client.post("/detect", json=payload), 400)
    assert body["error"] == "Validation error"
    assert fragment in body["detail"]
    assert "unexpected" not in body["detail"] and "NOT_A_TYPE" not in body["detail"]  # never what was sent


def test_bad_strategy_is_400(client):
    assert_error(client.post("/deidentify", json={"text": NOTE, "strategy": "shred"}), 400)


def test_errors_never_echo_the_submitted_text(client):
    secret = "Zebediah Quincefield 987-65-4320"
    for reply in (
        client.post("/detect", json={"text": secret, "confidence_threshold": 7}),
        client.post("/deidentify", json={"text": secret, "strategy": secret}),
        client.post("/detect", json={"text": secret, "entity_types": [secret]}),
        client.post("/detect", content=secret.encode(), headers={"Content-Type": "application/json"}),
    ):
        assert reply.status_code == 400
        assert "Zebediah" not in reply.text and "987-65" not in reply.text


def test_wrong_content_type_is_415(client):
    assert_error(client.post("/detect", content=b"text=hi", headers={"Content-Type": "text/plain"}), 415)


def test_over_limit_body_is_413_before_it_is_read(client, stack):
    big = b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    assert_error(client.post("/detect", content=big, headers={"Content-Type": "application/json"}), 413)

    def chunks():
        yield b'{"text": "'
        for _ in range(64):
            yield b"a" * 65536
        yield b'"}'
    # No Content-Length: the limit is enforced while the body streams in.
    assert_error(client.post("/detect", content=chunks(), headers={"Content-Type": "application/json"}), 413)


def test_request_id_is_echoed_or_generated_with_security_headers(client):
    reply = client.post("/detect", json={"text": NOTE}, headers={"X-Request-ID": "abc-123"})
    assert reply.headers["x-request-id"] == "abc-123"
    generated = client.post("/detect", json={"text": NOTE})
    assert len(generated.headers["x-request-id"]) == 32
    assert generated.headers["x-content-type-options"] == "nosniff"
    assert generated.headers["x-frame-options"] == "DENY"
    assert generated.headers["cache-control"] == "no-store"


def test_deidentify_placeholder_replaces_and_keeps_the_rest(client):
    reply = client.post("/deidentify", json={"text": "Patient SSN: 123-45-6789, BP 120/80.", "strategy": "placeholder"})
    body = reply.json()
    assert set(body) == {"deidentified_text", "entities_found", "replacements_made", "entity_count"}
    assert body["deidentified_text"] == "Patient SSN: [SSN], BP 120/80."
    assert body["replacements_made"] == {"123-45-6789": "[SSN]"}
    assert body["entity_count"] == len(body["entities_found"]) == 1


def test_deidentify_entity_type_filter(client):
    text = "SSN 123-45-6789 phone (617) 555-0199"
    body = client.post("/deidentify", json={"text": text, "entity_types": ["PHONE"]}).json()
    assert "123-45-6789" in body["deidentified_text"]
    assert "555-0199" not in body["deidentified_text"]


def test_redact_uses_block_characters_of_the_same_length(client):
    body = client.post("/redact", json={"text": "SSN 123-45-6789."}).json()
    assert body["deidentified_text"] == "SSN " + "█" * 11 + "."


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_every_strategy_removes_the_phi(client, strategy):
    text = "SSN 123-45-6789 and again 123-45-6789; email jo.doe@example.org"
    body = client.post("/deidentify", json={"text": text, "strategy": strategy}).json()
    assert "123-45-6789" not in body["deidentified_text"]
    assert "jo.doe@example.org" not in body["deidentified_text"]


def test_batch_shape_and_counts(client):
    texts = ["SSN 123-45-6789", "no identifiers here", "mail a.b@example.com"]
    body = client.post("/batch", json={"texts": texts, "strategy": "placeholder"}).json()
    assert body["documents_processed"] == 3
    assert [r["original_text"] for r in body["results"]] == texts
    assert [r["entity_count"] for r in body["results"]] == [1, 0, 1]
    assert body["total_entities"] == 2


@pytest.mark.parametrize("texts", [[], ["x"] * 101, ["ok", ""]])
def test_batch_limits(client, texts):
    assert_error(client.post("/batch", json={"texts": texts}), 400)


def test_consistent_batch_numbers_across_its_texts(client):
    texts = ["Patient John Smith was seen today.", "Patient Mary Jones was seen today.",
             "Patient John Smith was seen today.", "SSN 123-45-6789.", "SSN 234-56-7890.", "SSN 123-45-6789."]
    results = client.post("/batch", json={"texts": texts, "strategy": "consistent"}).json()["results"]
    assert [r["deidentified_text"] for r in results] == [
        "Patient [NAME_1] was seen today.", "Patient [NAME_2] was seen today.", "Patient [NAME_1] was seen today.",
        "SSN [SSN_1].", "SSN [SSN_2].", "SSN [SSN_1]."]


def test_surrogate_batch_gives_a_value_one_surrogate_across_its_texts(client):
    text = "Patient John Smith, DOB 03/14/1961, SSN 123-45-6789."
    results = client.post("/batch", json={"texts": [text, text], "strategy": "surrogate"}).json()["results"]
    first, second = (r["deidentified_text"] for r in results)
    assert first == second
    assert "John Smith" not in first and "123-45-6789" not in first and "03/14/1961" not in first


@pytest.mark.parametrize(("path", "body"), [
    ("/detect", {"text": NOTE, "confidence_threshold": None, "entity_types": None}),
    ("/deidentify", {"text": NOTE, "strategy": None, "confidence_threshold": None, "entity_types": None}),
    ("/redact", {"text": NOTE, "confidence_threshold": None, "entity_types": None}),
    ("/batch", {"texts": [NOTE], "strategy": None, "confidence_threshold": None, "entity_types": None}),
])
def test_null_for_an_optional_field_means_the_default(client, path, body):
    reply = client.post(path, json=body)
    assert reply.status_code == 200, reply.text
    absent = {k: v for k, v in body.items() if v is not None}
    assert reply.json() == client.post(path, json=absent).json()


@pytest.mark.parametrize(("body", "fragment"), [
    ({"text": NOTE, "colour": None}, "body: unknown field"),
    ({"text": NOTE, "strategy": None, "mode": "fast"}, "body: unknown field"),
    ({"text": None}, "text:"),
    # An unknown field's name is the caller's, and could be PHI: it is never repeated.
    ({"text": NOTE, "John Smith 123-45-6789": 1}, "body: unknown field"),
])
def test_unknown_fields_and_null_required_fields_stay_400(client, body, fragment):
    detail = assert_error(client.post("/deidentify", json=body), 400)["detail"]
    assert detail.startswith(fragment)
    assert not any(name in detail for name in ("colour", "mode", "John Smith"))


def test_every_error_body_quotes_the_request_id(client, stack):
    ticket = {"X-Request-ID": "ticket-4711"}
    replies = [
        client.post("/detect", json={"text": ""}, headers=ticket),  # 400 from validation
        httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": NOTE}, headers=ticket),  # 401 from auth
        client.post("/detect", content=b"x", headers={**ticket, "Content-Type": "text/plain"}),  # 415, middleware
        client.get("/process/status/" + "0" * 32, headers=ticket),  # 404 from the job store
        client.get("/no-such-route", headers=ticket),  # 404 from routing
    ]
    for reply in replies:
        assert reply.status_code >= 400 and reply.json()["request_id"] == "ticket-4711", reply.text


def test_large_responses_are_gzipped(client):
    text = "Follow up in clinic. " * 2000
    reply = client.post("/deidentify", json={"text": text}, headers={"Accept-Encoding": "gzip"})
    assert reply.headers.get("content-encoding") == "gzip"
    assert reply.json()["deidentified_text"] == text


def test_docs_are_served_without_a_cdn(stack):
    for path in ("/docs", "/redoc"):
        html = httpx.get(f"{stack.edge_url}{path}").text
        assert "cdn.jsdelivr" not in html and "/docs-assets/" in html
    assert httpx.get(f"{stack.edge_url}/docs-assets/swagger-ui-bundle.js").status_code == 200
    spec = httpx.get(f"{stack.edge_url}/openapi.json").json()
    assert "APIKeyHeader" in spec["components"]["securitySchemes"]
