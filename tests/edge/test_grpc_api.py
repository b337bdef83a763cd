"""The public gRPC API (phiguard.v1.DeidentificationService) against the real stack: every RPC, every error code,
keys, roles and rate limits shared with REST, REST/gRPC equality, health and reflection, and a 10,000-document
stream whose read-ahead stays inside the window."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
import httpx
import pytest
from google.protobuf import json_format
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from phiguard.common.entities import ENTITY_TYPES
from phiguard.common.strategies import STRATEGIES
from phiguard.v1 import deidentification_pb2 as pb
from phiguard.v1 import deidentification_pb2_grpc as pb_grpc
from phiguard_client import PhiGuardError, PhiGuardGrpcClient
from procs import free_port
from stack import spawn, terminate_all, wait_http_ok

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "phiguard.v1.DeidentificationService"
NOTE = "Patient John Smith (SSN: 123-45-6789) seen on 03/14/2021 by Dr. Sarah Johnson, call 617-555-0142."
NOTES = [NOTE, "John Smith returned on 04/02/2021; Dr. Sarah Johnson reviewed labs.", "Nothing to see here."]


def _create_key(stack, name: str, role: str = "user", rate: int = 1_000_000) -> tuple[str, str]:
    reply = httpx.post(f"{stack.edge_url}/api/v1/keys", headers={"X-API-Key": stack.admin_key}, timeout=30,
                       json={"name": name, "role": role, "rate_limit_per_minute": rate})
    assert reply.status_code == 201, reply.text
    return reply.json()["api_key"], reply.json()["key_id"]


@pytest.fixture(scope="module")
def channel(stack) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(stack.grpc_target) as ch:
        yield ch


@pytest.fixture(scope="module")
def stub(channel) -> pb_grpc.DeidentificationServiceStub:
    return pb_grpc.DeidentificationServiceStub(channel)


@pytest.fixture(scope="module")
def user_key(stack) -> str:
    return _create_key(stack, "grpc-user")[0]


def _md(key: str, **extra: str) -> tuple[tuple[str, str], ...]:
    return (("x-api-key", key), *((k.replace("_", "-"), v) for k, v in extra.items()))


def _rest(stack, key: str, path: str, body: dict) -> dict:
    reply = httpx.post(f"{stack.edge_url}/api/v1/{path}", json=body, headers={"X-API-Key": key}, timeout=60)
    assert reply.status_code == 200, reply.text
    return reply.json()


def _dict(message) -> dict:
    return json_format.MessageToDict(message, preserving_proto_field_name=True,
                                     always_print_fields_with_no_presence=True)


def _error(call) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as info:
        call()
    return info.value


def _trailing(exc: grpc.RpcError) -> dict:
    return dict(exc.trailing_metadata() or ())


def _status_details(exc: grpc.RpcError) -> status_pb2.Status:
    status = status_pb2.Status.FromString(_trailing(exc)["grpc-status-details-bin"])
    assert status.code == exc.code().value[0] and status.message == exc.details()
    return status


# --- every RPC, and the same answers as REST ---------------------------------------------------------------


def test_detect_equals_rest(stack, stub, user_key):
    for options in ({}, {"entity_types": ["NAME"]}, {"confidence_threshold": 0.9}):
        rest = _rest(stack, user_key, "detect", {"text": NOTE, **options})
        reply, call = stub.Detect.with_call(pb.DetectTextRequest(text=NOTE, **options), metadata=_md(user_key),
                                            timeout=60)
        assert _dict(reply) == rest
        trailing = dict(call.trailing_metadata())
        assert trailing["x-request-id"] and int(trailing["x-ratelimit-limit"]) == 1_000_000
        assert {"x-ratelimit-remaining", "x-ratelimit-reset"} <= set(trailing)


@pytest.mark.parametrize("strategy", [s for s in STRATEGIES if s != "surrogate"])
def test_deidentify_equals_rest_for_each_strategy(stack, stub, user_key, strategy):
    rest = _rest(stack, user_key, "deidentify", {"text": NOTE, "strategy": strategy})
    reply = stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE, strategy=strategy), metadata=_md(user_key), timeout=60)
    assert _dict(reply) == rest


def test_surrogates_replace_the_same_spans_as_rest(stack, stub, user_key):
    # Surrogate values are drawn per request, so only what was replaced can be equal.
    rest = _rest(stack, user_key, "deidentify", {"text": NOTE, "strategy": "surrogate"})
    reply = _dict(stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE, strategy="surrogate"), metadata=_md(user_key),
                                  timeout=60))
    assert reply["entities_found"] == rest["entities_found"]
    assert set(reply["replacements_made"]) == set(rest["replacements_made"])
    assert "John Smith" not in reply["deidentified_text"] and "123-45-6789" not in reply["deidentified_text"]


def test_default_strategy_is_placeholder(stub, user_key):
    reply = stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE), metadata=_md(user_key), timeout=60)
    assert "[SSN]" in reply.deidentified_text


def test_redact_equals_rest(stack, stub, user_key):
    rest = _rest(stack, user_key, "redact", {"text": NOTE, "entity_types": ["SSN", "PHONE"]})
    reply = stub.Redact(pb.RedactTextRequest(text=NOTE, entity_types=["SSN", "PHONE"]), metadata=_md(user_key),
                        timeout=60)
    assert _dict(reply) == rest
    assert "█" * 11 in reply.deidentified_text


def test_batch_equals_rest_and_shares_state(stack, stub, user_key):
    rest = _rest(stack, user_key, "batch", {"texts": NOTES, "strategy": "consistent"})
    reply = stub.Batch(pb.BatchRequest(texts=NOTES, strategy="consistent"), metadata=_md(user_key), timeout=60)
    assert _dict(reply) == rest
    assert reply.documents_processed == 3
    tag = re.search(r"\[NAME_\d+\]", reply.results[0].deidentified_text).group(0)
    assert tag in reply.results[1].deidentified_text


def test_stream_answers_in_order_like_a_consistent_batch(stack, stub, user_key):
    batch = _rest(stack, user_key, "batch", {"texts": NOTES, "strategy": "consistent"})

    def requests():
        yield pb.DeidentifyStreamRequest(options=pb.StreamOptions(strategy="consistent"), id="first", text=NOTES[0])
        for text in NOTES[1:]:
            yield pb.DeidentifyStreamRequest(text=text)

    replies = list(stub.DeidentifyStream(requests(), metadata=_md(user_key), timeout=120))
    assert [(r.id, r.index) for r in replies] == [("first", 0), ("1", 1), ("2", 2)]
    assert [r.deidentified_text for r in replies] == [r["deidentified_text"] for r in batch["results"]]
    assert [r.entity_count for r in replies] == [r["entity_count"] for r in batch["results"]]
    for reply, text in zip(replies, NOTES, strict=True):
        for entity in reply.entities_found:
            assert text[entity.start:entity.end] == entity.text


def test_an_empty_stream_ends_cleanly(stub, user_key):
    assert list(stub.DeidentifyStream(iter(()), metadata=_md(user_key), timeout=30)) == []


def test_bearer_token_and_request_id_in_metadata(stub, user_key):
    _, call = stub.Detect.with_call(pb.DetectTextRequest(text=NOTE), timeout=60,
                                    metadata=(("authorization", f"Bearer {user_key}"), ("x-request-id", "grpc-rid-1")))
    assert dict(call.trailing_metadata())["x-request-id"] == "grpc-rid-1"


# --- errors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("metadata", [(), (("x-api-key", "phg_nope_notakey"),), (("authorization", "Bearer wrong"),)])
def test_missing_or_unknown_key_is_unauthenticated(stub, metadata):
    exc = _error(lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=metadata, timeout=30))
    assert exc.code() == grpc.StatusCode.UNAUTHENTICATED
    assert _trailing(exc)["x-request-id"]


def test_viewer_role_is_permission_denied_on_every_rpc(stack, stub):
    viewer, _ = _create_key(stack, "grpc-viewer", role="viewer")
    calls = [
        lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(viewer), timeout=30),
        lambda: stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE), metadata=_md(viewer), timeout=30),
        lambda: stub.Redact(pb.RedactTextRequest(text=NOTE), metadata=_md(viewer), timeout=30),
        lambda: stub.Batch(pb.BatchRequest(texts=[NOTE]), metadata=_md(viewer), timeout=30),
        lambda: list(stub.DeidentifyStream(iter([pb.DeidentifyStreamRequest(text=NOTE)]), metadata=_md(viewer),
                                           timeout=30)),
    ]
    for call in calls:
        exc = _error(call)
        assert exc.code() == grpc.StatusCode.PERMISSION_DENIED, exc


@pytest.mark.parametrize(("request_", "field"), [
    (pb.DetectTextRequest(text=""), "text"),
    (pb.DetectTextRequest(text="x" * 100_001), "text"),
    (pb.DetectTextRequest(text=NOTE, entity_types=["John Smith"]), "entity_types.0"),
    (pb.DetectTextRequest(text=NOTE, confidence_threshold=1.5), "confidence_threshold"),
], ids=["empty", "too-long", "unknown-type", "threshold"])
def test_invalid_argument_names_the_field_and_never_echoes_values(stub, user_key, request_, field):
    exc = _error(lambda: stub.Detect(request_, metadata=_md(user_key), timeout=60))
    assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert exc.details().startswith(f"{field}: ")
    assert "John Smith" not in exc.details() and "xxxx" not in exc.details()
    (detail,) = _status_details(exc).details
    bad = error_details_pb2.BadRequest()
    assert detail.Unpack(bad)
    assert [v.field for v in bad.field_violations] == [field]


def test_invalid_strategy_and_batch_size(stub, user_key):
    exc = _error(lambda: stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE, strategy="shred"), metadata=_md(user_key),
                                         timeout=30))
    assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT and exc.details().startswith("strategy: ")
    for texts, field in (([], "texts"), ([NOTE] * 101, "texts"), ([NOTE, ""], "texts.1")):
        exc = _error(lambda texts=texts: stub.Batch(pb.BatchRequest(texts=texts), metadata=_md(user_key), timeout=30))
        assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT and exc.details().startswith(f"{field}: "), exc


def test_stream_errors_end_the_stream_after_the_answered_documents(stub, user_key):
    def with_bad(bad: pb.DeidentifyStreamRequest):
        yield pb.DeidentifyStreamRequest(text=NOTE)
        yield bad
        yield pb.DeidentifyStreamRequest(text=NOTE)

    for bad, prefix in ((pb.DeidentifyStreamRequest(text=""), "text: "),
                        (pb.DeidentifyStreamRequest(options=pb.StreamOptions(strategy="hash"), text=NOTE), "options: "),
                        (pb.DeidentifyStreamRequest(id="i" * 257, text=NOTE), "id: ")):
        got = []
        exc = _error(lambda bad=bad, got=got: got.extend(
            stub.DeidentifyStream(with_bad(bad), metadata=_md(user_key), timeout=60)))
        assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT and exc.details().startswith(prefix), exc
        assert "(document 1)" in exc.details()
        assert [r.index for r in got] == [0]
    first = pb.DeidentifyStreamRequest(options=pb.StreamOptions(entity_types=["NOPE"]), text=NOTE)
    exc = _error(lambda: list(stub.DeidentifyStream(iter([first]), metadata=_md(user_key), timeout=30)))
    assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT and exc.details().startswith("options.entity_types.0: ")


def test_rate_limit_is_resource_exhausted_with_retry_info(stack, stub):
    key, _ = _create_key(stack, "grpc-slow", rate=3)
    # As on REST, a call refused for its arguments is checked before the charge and spends nothing.
    for _ in range(3):
        exc = _error(lambda: stub.Detect(pb.DetectTextRequest(text=""), metadata=_md(key), timeout=60))
        assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT
    for _ in range(3):
        stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(key), timeout=60)
    exc = _error(lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(key), timeout=60))
    assert exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    trailing = _trailing(exc)
    assert int(trailing["retry-after"]) >= 1 and trailing["x-ratelimit-remaining"] == "0"
    (detail,) = _status_details(exc).details
    retry = error_details_pb2.RetryInfo()
    assert detail.Unpack(retry) and retry.retry_delay.seconds == int(trailing["retry-after"])
    # The same bucket as REST.
    assert httpx.post(f"{stack.edge_url}/api/v1/detect", json={"text": NOTE}, headers={"X-API-Key": key},
                      timeout=30).status_code == 429


def test_include_text_false_leaves_the_originals_out(stack, stub, user_key):
    reply = stub.Deidentify(pb.DeidentifyTextRequest(text=NOTE, strategy="consistent", include_text=False),
                            metadata=_md(user_key), timeout=60)
    assert reply.entities_found and all(e.text == "" for e in reply.entities_found)
    assert not reply.replacements_made
    rest = _rest(stack, user_key, "deidentify", {"text": NOTE, "strategy": "consistent", "include_text": False})
    assert "text" not in rest["entities_found"][0] and rest["replacements_made"] == {}
    assert reply.deidentified_text == rest["deidentified_text"]
    assert [(e.start, e.end, e.entity_type) for e in reply.entities_found] == [
        (e["start"], e["end"], e["entity_type"]) for e in rest["entities_found"]]
    batch = stub.Batch(pb.BatchRequest(texts=[NOTE], include_text=False), metadata=_md(user_key), timeout=60)
    assert batch.results[0].original_text == "" and batch.results[0].deidentified_text != NOTE


def test_a_long_text_costs_what_it_costs_on_rest(stack, stub):
    key, _ = _create_key(stack, "grpc-long", rate=3)
    long_text = (NOTE + " ") * (20_001 // (len(NOTE) + 1) + 1)  # over 20,000 characters: 3 tokens
    assert 20_000 < len(long_text) <= 30_000
    stub.Detect(pb.DetectTextRequest(text=long_text), metadata=_md(key), timeout=120)
    exc = _error(lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(key), timeout=60))
    assert exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_batch_and_stream_documents_cost_a_token_each(stack, stub):
    key, _ = _create_key(stack, "grpc-costs", rate=5)
    stub.Batch(pb.BatchRequest(texts=[NOTE] * 3), metadata=_md(key), timeout=60)  # 3 tokens
    exc = _error(lambda: stub.Batch(pb.BatchRequest(texts=[NOTE] * 3), metadata=_md(key), timeout=60))
    assert exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    key, _ = _create_key(stack, "grpc-stream-costs", rate=4)
    got = []
    docs = (pb.DeidentifyStreamRequest(text=f"{i}: {NOTE}") for i in range(10))
    exc = _error(lambda: got.extend(stub.DeidentifyStream(docs, metadata=_md(key), timeout=60)))
    assert exc.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert [r.index for r in got] == [0, 1, 2, 3]
    assert int(_trailing(exc)["retry-after"]) >= 1


def test_revoked_key_stops_working_at_once_even_mid_stream(stack, stub):
    key, key_id = _create_key(stack, "grpc-revoked")
    stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(key), timeout=60)
    revoke_now = threading.Event()
    sent = 0

    def documents():
        nonlocal sent
        for i in range(200):
            if i == 5:
                revoke_now.set()
            yield pb.DeidentifyStreamRequest(text=f"{i}: {NOTE}")
            sent += 1

    got = []

    def consume():
        for reply in stub.DeidentifyStream(documents(), metadata=_md(key), timeout=120):
            got.append(reply.index)
            if len(got) == 3:
                # Revoked while the stream runs: the documents after it are refused.
                reply = httpx.delete(f"{stack.edge_url}/api/v1/keys/{key_id}", headers={"X-API-Key": stack.admin_key},
                                     timeout=30)
                assert reply.status_code in (200, 204), reply.text

    exc = _error(consume)
    assert exc.code() == grpc.StatusCode.UNAUTHENTICATED
    assert 3 <= len(got) < 200 and got == list(range(len(got)))
    exc = _error(lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(key), timeout=60))
    assert exc.code() == grpc.StatusCode.UNAUTHENTICATED


def test_deadline_exceeded(stub, user_key):
    # The caller's deadline also bounds the edge's own calls (DeidService.timeout), so inference is not kept
    # busy for an answer nobody waits for.
    exc = _error(lambda: stub.Deidentify(pb.DeidentifyTextRequest(text=(NOTE + " ") * 40), metadata=_md(user_key),
                                         timeout=0.005))
    assert exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED


# --- health, reflection, metrics, audit --------------------------------------------------------------------


def test_health_and_reflection_on_the_public_port(channel):
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", SERVICE):
        reply = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=10)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
    [answer] = reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                                               timeout=10)
    names = {s.name for s in answer.list_services_response.service}
    assert {SERVICE, "grpc.health.v1.Health"} <= names
    # Internal services are not on the public port.
    assert not {"phiguard.v1.AuthService", "phiguard.v1.InferenceService"} & names


def test_metrics_and_audit_events_like_rest(stack, stub, user_key):
    stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(user_key, x_request_id="grpc-audit-1"), timeout=60)
    _error(lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md("phg_bogus", x_request_id="grpc-audit-2"),
                               timeout=60))
    metrics = httpx.get(f"http://127.0.0.1:{stack.env['PHIGUARD_EDGE_METRICS_PORT']}/metrics", timeout=10).text
    assert 'phiguard_grpc_server_requests_total{code="OK",method="Detect",service="DeidentificationService"}' in metrics
    assert 'code="UNAUTHENTICATED",method="Detect",service="DeidentificationService"' in metrics
    assert "John Smith" not in metrics
    time.sleep(0.3)
    import json  # noqa: PLC0415

    events = {}
    for line in (stack.log_dir / "edge.log").read_text().splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            if event.get("logger") == "phiguard.audit" and event.get("request_id", "").startswith("grpc-audit-"):
                events[event["request_id"]] = event
    ok, refused = events["grpc-audit-1"], events["grpc-audit-2"]
    assert ok["route"] == f"/{SERVICE}/Detect" and ok["method"] == "gRPC" and ok["status"] == 200
    assert ok["grpc_code"] == "OK" and ok["chars"] == len(NOTE) and ok["entities"]["SSN"] == 1
    assert refused["status"] == 401 and refused["grpc_code"] == "UNAUTHENTICATED" and refused["key_id"] is None
    log = (stack.log_dir / "edge.log").read_text()
    assert "John Smith" not in log and "123-45-6789" not in log


# --- the Python client's gRPC transport --------------------------------------------------------------------


def test_python_client_grpc_transport(stack, user_key):
    with PhiGuardGrpcClient(stack.grpc_target, user_key) as client:
        assert client.detect(NOTE).entity_count >= 3
        assert "[SSN]" in client.deidentify(NOTE).deidentified_text
        assert "█" in client.redact(NOTE, entity_types=["SSN"]).deidentified_text
        assert client.batch(NOTES, strategy="consistent").documents_processed == 3
        results = list(client.deidentify_stream([("a", NOTES[0]), ("b", NOTES[1])], strategy="consistent"))
        assert [(r.id, r.index) for r in results] == [("a", 0), ("b", 1)]
        with pytest.raises(PhiGuardError) as info:
            client.detect("")
        assert info.value.status_code == 400 and info.value.grpc_code == grpc.StatusCode.INVALID_ARGUMENT
        assert info.value.detail.startswith("text: ") and info.value.request_id
    with PhiGuardGrpcClient(stack.grpc_target, "phg_nope_nope") as client, pytest.raises(PhiGuardError) as info:
        list(client.deidentify_stream([NOTE]))
    assert info.value.status_code == 401


# --- flow control, and errors of a dependency (an edge of its own) ------------------------------------------


@contextmanager
def _edge(stack, tmp_path: Path, ready: str, **overrides: str) -> Iterator[dict[str, str]]:
    env = {**stack.env, "PHIGUARD_EDGE_PORT": str(free_port()), "PHIGUARD_EDGE_GRPC_PORT": str(free_port()),
           "PHIGUARD_EDGE_METRICS_PORT": str(free_port()), **overrides}
    with open(tmp_path / "edge.log", "w") as out:
        procs = {"edge": spawn("edge", env, out)}
        try:
            wait_http_ok(f"http://127.0.0.1:{env['PHIGUARD_EDGE_PORT']}/api/v1/{ready}", procs, timeout=60)
            env["pid"] = str(procs["edge"].pid)
            yield env
        finally:
            terminate_all(procs)


def test_inference_down_is_unavailable_with_retry_after(stack, tmp_path, user_key):
    with _edge(stack, tmp_path, "health", PHIGUARD_INFERENCE_TARGET=f"127.0.0.1:{free_port()}") as env, \
            grpc.insecure_channel(f"127.0.0.1:{env['PHIGUARD_EDGE_GRPC_PORT']}") as ch:
        stub = pb_grpc.DeidentificationServiceStub(ch)
        exc = _error(lambda: stub.Detect(pb.DetectTextRequest(text=NOTE), metadata=_md(user_key), timeout=30))
        assert exc.code() == grpc.StatusCode.UNAVAILABLE
        assert exc.details() == "inference is unavailable" and _trailing(exc)["retry-after"] == "1"


def _histogram(metrics: str, name: str) -> dict[str, float]:
    pattern = rf'^{name}_bucket{{le="([^"]+)"}} (\S+)$'
    return {m.group(1): float(m.group(2)) for m in re.finditer(pattern, metrics, re.M)}


def _rss_kib(pid: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))


def test_stream_of_10000_documents_stays_inside_the_window(stack, tmp_path, user_key):
    window, total = 16, 10_000
    with _edge(stack, tmp_path, "ready", PHIGUARD_EDGE_GRPC_STREAM_WINDOW=str(window)) as env, \
            grpc.insecure_channel(f"127.0.0.1:{env['PHIGUARD_EDGE_GRPC_PORT']}") as ch:
        stub = pb_grpc.DeidentificationServiceStub(ch)
        rss_before = _rss_kib(env["pid"])

        def documents():
            for i in range(total):
                yield pb.DeidentifyStreamRequest(text=f"SSN 123-45-{1 + i % 9999:04d}")

        answered, peak_rss = 0, rss_before
        for reply in stub.DeidentifyStream(documents(), metadata=_md(user_key), timeout=600):
            assert reply.index == answered and "123-45" not in reply.deidentified_text
            answered += 1
            if answered % 2000 == 0:
                peak_rss = max(peak_rss, _rss_kib(env["pid"]))
        assert answered == total
        metrics = httpx.get(f"http://127.0.0.1:{env['PHIGUARD_EDGE_METRICS_PORT']}/metrics", timeout=10).text
    buckets = _histogram(metrics, "phiguard_grpc_stream_unanswered_documents")
    # Every document was read with at most `window` unanswered, and the window did fill (reading outpaces
    # inference), so the bound is what held the reader back.
    assert buckets["+Inf"] == total and buckets[f"{window}.0"] == total
    assert buckets[f"{window // 2}.0"] < total
    assert peak_rss - rss_before < 64 * 1024, f"edge memory grew by {(peak_rss - rss_before) // 1024} MiB"


# --- the contract file ------------------------------------------------------------------------------------


def test_the_proto_documents_every_strategy_and_entity_type():
    proto = (ROOT / "protos/phiguard/v1/deidentification.proto").read_text()
    for strategy in STRATEGIES:
        assert re.search(rf"//\s+{strategy}\s", proto), strategy
    types = re.search(r"One of the 21 types.*?\n((?:\s*//.*\n)+)", proto).group(0)
    assert set(re.findall(r"\b[A-Z][A-Z_]+\b", types)) >= {e.name for e in ENTITY_TYPES}


def test_the_clients_generated_messages_match_the_proto(tmp_path):
    subprocess.run([sys.executable, "-m", "grpc_tools.protoc", f"-I{ROOT / 'protos'}",
                    f"--python_out={tmp_path}", f"--pyi_out={tmp_path}",
                    str(ROOT / "protos/phiguard/v1/deidentification.proto")], check=True)
    shipped = ROOT / "clients/python/phiguard_client/_proto/phiguard/v1"
    for name in ("deidentification_pb2.py", "deidentification_pb2.pyi"):
        assert (tmp_path / "phiguard/v1" / name).read_text() == (shipped / name).read_text(), \
            f"{name} is stale: run `make protos`"
