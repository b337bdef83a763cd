"""Helpers for the async-job tests: keys with room in their rate limit, synthetic notes, waiting."""

from __future__ import annotations

import csv
import gzip
import io
import random
import re
import time
from functools import cache
from pathlib import Path

import httpx
import pytest

MTSAMPLES = Path("/work/shared/data/clinical-text/mtsamples.csv.gz")
TERMINAL = {"succeeded", "failed", "cancelled"}

FIRST = ["John", "Maria", "Wei", "Fatima", "Olusegun", "Anna", "Carlos", "Priya", "Dmitri", "Grace"]
LAST = ["Smith", "Okafor", "Nguyen", "Haddad", "Kowalski", "Johnson", "Rivera", "Patel", "Ivanova", "Murphy"]


def make_key(stack, name: str, role: str = "user", limit: int = 1_000_000) -> str:
    reply = httpx.post(f"{stack.edge_url}/api/v1/keys", headers={"X-API-Key": stack.admin_key},
                       json={"name": name, "role": role, "rate_limit_per_minute": limit}, timeout=30)
    assert reply.status_code == 201, reply.text
    return reply.json()["api_key"]


@pytest.fixture(scope="session")
def job_key(stack) -> str:
    # Its own key and bucket, so these tests neither starve nor are starved by the rest of the suite.
    return make_key(stack, "jobs-tests")


@pytest.fixture
def api(stack, job_key):
    with httpx.Client(base_url=f"{stack.edge_url}/api/v1", headers={"X-API-Key": job_key}, timeout=120) as c:
        yield c


def wait_done(api: httpx.Client, job_id: str, timeout: float = 300.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = api.get(f"/process/status/{job_id}")
        assert status.status_code == 200, status.text
        body = status.json()
        if body["status"] in TERMINAL:
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s: {body}")


@cache
def _prose() -> tuple[str, ...]:
    if not MTSAMPLES.exists():
        return ("Patient presents with chest pain radiating to the left arm. Vitals stable.\n",)
    with gzip.open(MTSAMPLES, "rt", encoding="utf-8") as f:
        csv.field_size_limit(10**9)
        return tuple(row["transcription"] for row in csv.DictReader(f) if row["transcription"])


def phi_sentence(rng: random.Random) -> tuple[str, list[str]]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    ssn = f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    phone = f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
    date = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1950, 2023)}"
    mrn = f"{rng.randint(10_000_000, 99_999_999)}"
    sentence = rng.choice([
        f"Patient {first} {last} (SSN: {ssn}) was seen on {date}. ",
        f"Call {first} {last} at {phone} regarding MRN: {mrn}.\n",
        f"Mr. {last} reports the pain began on {date} ",
        f"SSN {ssn}, phone {phone}. ",
    ])
    return sentence, [ssn, phone, mrn, f"{first} {last}"]


def leaked_values(values: set[str], logs: str) -> list[str]:
    """The values that appear in `logs` whole: an 8-digit MRN inside a longer number there (a timestamp, a
    duration's digits) is chance, not a leak, while the MRN between quotes or spaces is one."""
    return sorted(v for v in values if re.search(rf"(?<![0-9]){re.escape(v)}(?![0-9])", logs))


def clinical_docs(total_chars: int, doc_chars: int, seed: int = 7) -> tuple[list[dict], set[str]]:
    """Real clinical prose (MTSamples) with synthetic PHI every few hundred characters."""
    rng = random.Random(seed)
    prose = _prose()
    docs, secrets_, made, p = [], set(), 0, 0
    while made < total_chars:
        size = min(doc_chars, total_chars - made) if total_chars - made > 200 else doc_chars
        parts, length = [], 0
        while length < size:
            piece = prose[p % len(prose)]
            p += 1
            cut = rng.randint(200, 1500)
            for start in range(0, len(piece), cut):
                parts.append(piece[start:start + cut])
                sentence, values = phi_sentence(rng)
                parts.append(sentence)
                secrets_.update(values)
                length += len(parts[-2]) + len(sentence)
                if length >= size:
                    break
        text = "".join(parts)[:size]
        docs.append({"id": f"doc-{len(docs)}", "text": text})
        made += len(text)
    return docs, secrets_


def jsonl(docs: list[dict]) -> bytes:
    import json  # noqa: PLC0415

    return "".join(json.dumps(d) + "\n" for d in docs).encode()


def csv_bytes(rows: list[dict], columns: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode()


# The engine types a person's name NAME or PROVIDER from its cues, and when one surname carries both
# in a document, the type its other mentions get (and so whether "Wei" + "Haddad" merge into one span)
# depends on which mentions share the text analysed. That choice, and only it, may differ between a
# chunked job and one call: the characters replaced may not.
_PERSON_TAG = re.compile(r"\[(?:NAME|PROVIDER)\](?:\s*\[(?:NAME|PROVIDER)\])*")
_PERSON = {"NAME": "PERSON", "PROVIDER": "PERSON"}


def _person(text: str) -> str:
    return _PERSON_TAG.sub("[PERSON]", text)


def _coverage(text: str, spans) -> set[int]:
    return {k for s, e in spans for k in range(s, e) if not text[k].isspace()}


def assert_equals_sync(docs: list[dict], results: list[dict], sync: list[dict]) -> dict:
    """The job's placeholder result for each document is what /deidentify returns for it alone, with
    one deliberate difference: the job's state carries (digests of) values found in earlier documents,
    so a later document may additionally have mentions of those values replaced (and spans typed or
    joined after them). The first document has no earlier ones and must match (but for NAME/PROVIDER,
    above); every later one must replace every character /deidentify replaces. Returns counts."""
    stats = {"documents": len(docs), "identical": 0, "sync_chars": 0, "extra_chars": 0}
    for i, (doc, got, want) in enumerate(zip(docs, results, sync, strict=True)):
        text = doc["text"]
        got_spans = {(e["start"], e["end"]): e["entity_type"] for e in got["entities_found"]}
        want_spans = {(e["start"], e["end"]): e["entity_type"] for e in want["entities_found"]}
        # Every span replaced exactly once, and nothing else touched.
        rendered, pos = [], 0
        for (start, end), etype in sorted(got_spans.items()):
            rendered.append(text[pos:start] + f"[{etype}]")
            pos = end
        assert "".join(rendered) + text[pos:] == got["deidentified_text"], f"document {i}: not a clean rendering"
        got_cov, want_cov = _coverage(text, got_spans), _coverage(text, want_spans)
        assert not want_cov - got_cov, f"document {i}: the job left {len(want_cov - got_cov)} characters unreplaced"
        if i == 0:
            assert got_cov == want_cov, "first document differs from /deidentify"
            assert _person(got["deidentified_text"]) == _person(want["deidentified_text"])
            for span, etype in want_spans.items():
                if span in got_spans:
                    assert _PERSON.get(got_spans[span], got_spans[span]) == _PERSON.get(etype, etype)
        stats["identical"] += got["deidentified_text"] == want["deidentified_text"]
        stats["sync_chars"] += len(want_cov)
        stats["extra_chars"] += len(got_cov - want_cov)
    # Values from earlier documents add mentions (this corpus reuses a small pool of names), not a blanket.
    assert stats["extra_chars"] <= 0.5 * max(stats["sync_chars"], 1), stats
    return stats
