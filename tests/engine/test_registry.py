"""The registry switches off a whole recognizer by its name or a single rule by its qualified name."""

from __future__ import annotations

import pytest
from phiguard.inference.engine import EngineInputError, build_engine
from phiguard.inference.engine.recognizers import RecognizerRegistry, default_recognizers


def _sources(registry: RecognizerRegistry, text: str) -> set[str]:
    return {s.source.partition("+")[0] for s in registry.analyze(text)}


def test_one_rule_off_leaves_its_recognizers_other_rules():
    text = "call 555-0143 or 617-555-0143"
    assert {"phone:local", "phone:us"} <= _sources(RecognizerRegistry(default_recognizers()), text)
    registry = RecognizerRegistry(default_recognizers(), disabled=["phone:local"])
    assert "phone:local" not in _sources(registry, text) and "phone:us" in _sources(registry, text)
    assert "phone" in registry.enabled_names
    registry.enable("phone:local")
    assert "phone:local" in _sources(registry, text)


def test_whole_recognizers_keep_their_names():
    registry = RecognizerRegistry(default_recognizers(), disabled=["phone", "date"])
    assert not {"phone", "date"} & set(registry.enabled_names)
    assert not any(s.startswith(("phone:", "date:")) for s in _sources(registry, "call 617-555-0143 on 01/02/2020"))


def test_date_and_organization_forms_are_rules_of_their_own():
    text = "Seen 3/14 at St. Mary's Hospital; Insurance: HarborCare ID HC4471129006"
    forms = {"date:partial", "organization:facility", "organization:payer"}
    assert forms <= _sources(RecognizerRegistry(default_recognizers()), text)
    registry = RecognizerRegistry(default_recognizers(), disabled=["date:partial", "organization:facility"])
    assert _sources(registry, text) & forms == {"organization:payer"}


def test_every_rule_has_a_qualified_name():
    rules = RecognizerRegistry(default_recognizers()).rules
    assert "phone:us" in rules and "location:street" in rules
    assert all(name.count(":") == 1 for name in rules)


@pytest.mark.parametrize("name", ["phone:nope", "nope", "phone:"])
def test_unknown_names_are_refused(name):
    with pytest.raises(KeyError, match="recognizer:rule"):
        RecognizerRegistry(default_recognizers(), disabled=[name])


def test_the_engine_takes_rule_names():
    engine = build_engine(b"x" * 32, disabled_recognizers=["ssn:dashed"])
    assert "ssn" in engine.recognizer_names
    assert not engine.detect("SSN 123-45-6789", entity_types=["SSN"])
    with pytest.raises(EngineInputError):
        build_engine(b"x" * 32, disabled_recognizers=["ssn:nope"])
