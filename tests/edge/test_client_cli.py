"""The typed client (sync and async) and the `phiguard` command against the running stack."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from phiguard_client import AsyncPhiGuardClient, PhiGuardClient, PhiGuardError

NOTE = "Call (617) 555-0142 about SSN 123-45-6789."


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


def _cli(stack, *args, stdin=None):
    env = {**os.environ, "PHIGUARD_URL": stack.edge_url, "PHIGUARD_API_KEY": stack.admin_key}
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
