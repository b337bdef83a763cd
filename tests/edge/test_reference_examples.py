"""The curl examples users copy, sent literally (only a key added and the port changed) with curl, give
the results the API reference and the README document."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"

# Verbatim from the API reference users already code against (DESIGN.md: seeds/api-reference.md).
REFERENCE_DETECT = """curl -X POST 'http://localhost:8000/api/v1/detect' \\
  -H 'Content-Type: application/json' \\
  -d '{"text": "John Smith SSN 123-45-6789", "confidence_threshold": 0.5}'"""
REFERENCE_DEIDENTIFY = """curl -X POST 'http://localhost:8000/api/v1/deidentify' \\
  -H 'Content-Type: application/json' \\
  -d '{
    "text": "Patient John Smith (SSN: 123-45-6789)",
    "strategy": "placeholder",
    "entity_types": ["NAME", "SSN"]
  }'"""
# Verbatim from README.md (a test below holds it there).
README_DETECT = """curl -s -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \\
  -d '{"text": "John Smith SSN 123-45-6789"}' localhost:8000/api/v1/detect"""


def _send(stack, command: str) -> dict:
    """Runs the example in a shell, as a user pasting it would; the reference's examples predate keys."""
    command = command.replace("localhost:8000", stack.edge_url.removeprefix("http://"))
    if "$KEY" not in command:
        command = command.replace("curl ", 'curl -s -H "X-API-Key: $KEY" ', 1)
    done = subprocess.run(["bash", "-c", command], env={"PATH": os.environ["PATH"], "KEY": stack.admin_key},
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_the_readme_still_shows_its_example():
    assert README_DETECT in README.read_text()


@pytest.mark.parametrize("command", [REFERENCE_DETECT, README_DETECT])
def test_detect_example(stack, command):
    body = _send(stack, command)
    assert set(body) == {"entities", "entity_count", "text_length"}
    assert body["text_length"] == 26 and body["entity_count"] == len(body["entities"])
    found = {(e["text"], e["start"], e["end"]): e["entity_type"] for e in body["entities"]}
    assert found[("123-45-6789", 15, 26)] == "SSN"
    # A bare person name with no clinical role around it is a NAME (PROVIDER needs a title, credential or role).
    assert found[("John Smith", 0, 10)] == "NAME"
    for entity in body["entities"]:
        assert set(entity) == {"entity_type", "text", "start", "end", "confidence"}


def test_deidentify_example(stack):
    body = _send(stack, REFERENCE_DEIDENTIFY)
    assert body["deidentified_text"] == "Patient [NAME] (SSN: [SSN])"
    assert body["replacements_made"] == {"John Smith": "[NAME]", "123-45-6789": "[SSN]"}
    assert body["entity_count"] == len(body["entities_found"]) == 2


def test_the_readme_example_asking_for_names_and_ssns(stack):
    """The README's example with `entity_types` as the reference's clients send them: the name comes back typed
    NAME, never as the PROVIDER the model alone may guess for it."""
    command = README_DETECT.replace('"John Smith SSN 123-45-6789"}', '"John Smith SSN 123-45-6789", '
                                    '"entity_types": ["NAME", "SSN"]}')
    assert command != README_DETECT
    body = _send(stack, command)
    found = {(e["text"], e["start"], e["end"]): e["entity_type"] for e in body["entities"]}
    assert found == {("John Smith", 0, 10): "NAME", ("123-45-6789", 15, 26): "SSN"}


def test_a_name_the_model_splits_is_one_name(stack):
    body = _send(stack, """curl -X POST 'http://localhost:8000/api/v1/detect' -H 'Content-Type: application/json' \\
  -d '{"text": "Patient Mary Jones, SSN 123-45-6789", "entity_types": ["NAME", "SSN"]}'""")
    found = {(e["text"], e["start"], e["end"]): e["entity_type"] for e in body["entities"]}
    assert found == {("Mary Jones", 8, 18): "NAME", ("123-45-6789", 24, 35): "SSN"}
