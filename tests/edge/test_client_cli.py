"""The typed client (sync and async) and the `phiguard` command against the running stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from phiguard.common.jobs.keys import STATUSES
from phiguard_client import AsyncPhiGuardClient, PhiGuardClient, PhiGuardError, cli

NOTE = "Call (617) 555-0142 about SSN 123-45-6789."


def _user_key(stack, name: str) -> tuple[str, str]:
    reply = httpx.post(f"{stack.edge_url}/api/v1/keys", headers={"X-API-Key": stack.admin_key}, timeout=30,
                       json={"name": name, "role": "user", "rate_limit_per_minute": 100_000})
    assert reply.status_code == 201, reply.text
    return reply.json()["api_key"], reply.json()["key_id"]


def _submit(stack, key: str, documents: int) -> str:
    reply = httpx.post(f"{stack.edge_url}/api/v1/process/async", headers={"X-API-Key": key}, timeout=30,
                       json={"documents": [{"text": f"{i}: {NOTE}"} for i in range(documents)]})
    assert reply.status_code == 202, reply.text
    return reply.json()["job_id"]


def test_sync_client(stack):
    with PhiGuardClient(stack.edge_url, stack.admin_key) as client:
        found = client.detect(NOTE)
        assert {e.entity_type for e in found.entities} >= {"PHONE", "SSN"}
        result = client.deidentify(NOTE, strategy="placeholder")
        assert "555-0142" not in result.deidentified_text and "[SSN]" in result.deidentified_text
        batch = client.batch([NOTE, "nothing"])
        assert batch.documents_processed == 2
        assert client.entities()["total_types"] == 21


async def test_async_client(stack):
    async with AsyncPhiGuardClient(stack.edge_url, stack.admin_key) as client:
        redacted = await client.redact(NOTE)
        assert "123-45-6789" not in redacted.deidentified_text and "█" in redacted.deidentified_text


def test_client_raises_the_error_shape(stack):
    with PhiGuardClient(stack.edge_url, "phg_wrong_key") as client, pytest.raises(PhiGuardError) as caught:
        client.detect(NOTE)
    assert caught.value.status_code == 401 and caught.value.request_id


def test_client_waits_for_a_job_on_its_event_stream_then_gets_and_lists_it(stack):
    key, key_id = _user_key(stack, "client-jobs")
    job_id = _submit(stack, key, documents=20)
    seen = []
    with PhiGuardClient(stack.edge_url, key) as client:
        final = client.wait_job(job_id, on_progress=seen.append, timeout=120)
        assert final.status == "succeeded" and final.finished and final.progress.done == final.progress.total == 20
        assert seen[-1] == final and [s.progress.done for s in seen] == sorted(s.progress.done for s in seen)
        assert client.get_job(job_id) == final
        page = client.list_jobs()
        assert [(j.job_id, j.key_id) for j in page.jobs] == [(job_id, key_id)] and page.next_cursor is None
        assert [j.job_id for j in client.iter_jobs(status=["succeeded"], page_size=1)] == [job_id]
        assert client.list_jobs(status=["failed"]).jobs == []
        with pytest.raises(PhiGuardError) as caught:
            client.get_job("0" * 32)
        assert caught.value.status_code == 404 and caught.value.request_id


class _NoEventStream(httpx.HTTPTransport):
    """A proxy in front of the server that does not pass event streams through."""

    refused = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/events"):
            self.refused += 1
            return httpx.Response(502, text="no streaming here")
        return super().handle_request(request)


def test_wait_polls_the_status_where_no_event_stream_gets_through(stack):
    key, _ = _user_key(stack, "client-jobs-polling")
    job_id = _submit(stack, key, documents=10)
    transport, seen = _NoEventStream(), []
    with PhiGuardClient(stack.edge_url, key, transport=transport) as client:
        final = client.wait_job(job_id, on_progress=seen.append, poll_interval=0.1, timeout=120)
    assert final.status == "succeeded" and seen[-1] == final and transport.refused == 1


async def test_async_client_waits_and_lists(stack):
    key, _ = _user_key(stack, "client-jobs-async")
    job_id = _submit(stack, key, documents=3)
    async with AsyncPhiGuardClient(stack.edge_url, key) as client:
        assert (await client.wait_job(job_id, timeout=120)).status == "succeeded"
        assert [j.job_id async for j in client.iter_jobs()] == [job_id]
        assert (await client.get_job(job_id)).progress.done == 3


def test_cli_job_states_are_the_servers():
    assert cli.JOB_STATES == STATUSES


def _cli(stack, *args, stdin=None, key=None):
    env = {**os.environ, "PHIGUARD_URL": stack.edge_url, "PHIGUARD_API_KEY": key or stack.admin_key}
    return subprocess.run([sys.executable, "-m", "phiguard_client.cli", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_files_written_next_to_inputs(stack, tmp_path):
    notes = []
    for i in range(3):
        note = tmp_path / f"note{i}.txt"
        note.write_text(f"Note {i}: SSN 123-45-678{i} mail p{i}@example.org\n")
        notes.append(note)
    done = _cli(stack, "deidentify", "--strategy", "consistent", *map(str, notes))
    assert done.returncode == 0, done.stderr
    for i, note in enumerate(notes):
        out = (tmp_path / f"note{i}.deid.txt").read_text()
        assert "[SSN_1]" in out and f"p{i}@example.org" not in out


def test_cli_stdin_to_stdout_with_type_filter(stack):
    done = _cli(stack, "redact", "--types", "ssn", "-", stdin=NOTE)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Call (617) 555-0142 about SSN " + "█" * 11 + "."


def test_cli_detect_json_and_error_exit(stack, tmp_path):
    done = _cli(stack, "detect", "--stdout", "-", stdin=NOTE)
    assert '"entity_type": "SSN"' in done.stdout
    missing = _cli(stack, "detect", str(tmp_path / "absent.txt"))
    assert missing.returncode == 1 and "absent.txt" in missing.stderr


def test_cli_jobs_wait_get_and_list(stack):
    key, key_id = _user_key(stack, "cli-jobs")
    job_id = _submit(stack, key, documents=8)
    waited = _cli(stack, "jobs", "wait", job_id, key=key)
    assert waited.returncode == 0, waited.stderr
    assert json.loads(waited.stdout)["status"] == "succeeded"
    assert "8/8" in waited.stderr  # the progress bar
    got = _cli(stack, "jobs", "get", job_id, key=key)
    assert json.loads(got.stdout)["progress"] == {"done": 8, "total": 8, "chunks_done": 8}
    table = _cli(stack, "jobs", "list", key=key)
    header, row = table.stdout.splitlines()
    assert header.split()[:2] == ["JOB", "ID"] and row.split() == [job_id, "succeeded", "8/8", row.split()[3], key_id]
    lines = _cli(stack, "jobs", "list", "--json", "--status", "succeeded", key=key).stdout.splitlines()
    assert [json.loads(line)["job_id"] for line in lines] == [job_id]
    assert _cli(stack, "jobs", "list", "--json", "--status", "failed", key=key).stdout == ""


def test_cli_jobs_wait_fails_for_a_job_that_did_not_succeed_and_get_for_an_unknown_one(stack):
    key, _ = _user_key(stack, "cli-jobs-cancelled")
    job_id = _submit(stack, key, documents=300)
    httpx.post(f"{stack.edge_url}/api/v1/process/{job_id}/cancel", headers={"X-API-Key": key}, timeout=30)
    waited = _cli(stack, "jobs", "wait", job_id, key=key)
    assert waited.returncode == 1 and json.loads(waited.stdout)["status"] == "cancelled"
    assert f"job {job_id} cancelled" in waited.stderr
    missing = _cli(stack, "jobs", "get", "0" * 32, key=key)
    assert missing.returncode == 1 and "404" in missing.stderr


def test_client_deletes_a_job_and_leaves_text_out(stack):
    key, _ = _user_key(stack, "client-delete")
    job_id = _submit(stack, key, documents=2)
    with PhiGuardClient(stack.edge_url, key) as client:
        assert client.wait_job(job_id, timeout=120).status == "succeeded"
        assert client.delete_job(job_id) is None
        with pytest.raises(PhiGuardError) as caught:
            client.get_job(job_id)
        assert caught.value.status_code == 404
        with pytest.raises(PhiGuardError) as caught:
            client.delete_job(job_id)
        assert caught.value.status_code == 404
        bare = client.deidentify(NOTE, include_text=False)
        assert bare.entities_found and all(e.text is None for e in bare.entities_found)
        assert bare.replacements_made == {}
        assert all(r.original_text is None for r in client.batch([NOTE], include_text=False).results)


async def test_async_client_deletes_a_job(stack):
    key, _ = _user_key(stack, "client-delete-async")
    job_id = _submit(stack, key, documents=1)
    async with AsyncPhiGuardClient(stack.edge_url, key) as client:
        await client.wait_job(job_id, timeout=120)
        await client.delete_job(job_id)
        with pytest.raises(PhiGuardError):
            await client.get_job(job_id)


def test_cli_jobs_delete(stack):
    key, _ = _user_key(stack, "cli-jobs-delete")
    job_id = _submit(stack, key, documents=1)
    deleted = _cli(stack, "jobs", "delete", job_id, key=key)
    assert deleted.returncode == 0 and f"deleted {job_id}" in deleted.stderr
    assert _cli(stack, "jobs", "get", job_id, key=key).returncode == 1
