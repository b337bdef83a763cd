"""Strategies, roles and the settings every service reads are defined once (services/common), and every
place that lists them takes them from there."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from phiguard.auth import roles as auth_roles
from phiguard.auth.config import AuthSettings
from phiguard.common import settings as common
from phiguard.common.roles import ROLE_NAMES
from phiguard.common.strategies import DEFAULT_STRATEGY, STRATEGIES
from phiguard.edge import schemas
from phiguard.edge.config import EdgeSettings
from phiguard.edge.main import create_app
from phiguard.inference.config import InferenceSettings
from phiguard.inference.engine.strategies import STRATEGIES as ENGINE_STRATEGIES
from phiguard.worker.config import WorkerSettings
from phiguard_client import cli

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = {
    ROOT / "services/common/phiguard/common/strategies.py",
    ROOT / "services/common/phiguard/common/roles.py",
    # Installed on its own, without phiguard.common: its copy is held equal below.
    ROOT / "clients/python/phiguard_client/cli.py",
}
SERVICE_SETTINGS = (EdgeSettings, AuthSettings, InferenceSettings, WorkerSettings)


def test_the_engine_and_the_edge_use_the_common_strategies():
    assert ENGINE_STRATEGIES is STRATEGIES
    assert typing.get_args(schemas.Strategy) == STRATEGIES


def test_auth_matrix_and_edge_schemas_use_the_common_roles():
    assert tuple(auth_roles.ROLES) == ROLE_NAMES
    assert typing.get_args(schemas.Role) == ROLE_NAMES


def test_the_cli_accepts_exactly_the_common_strategies():
    assert cli.STRATEGIES == STRATEGIES
    parser = cli._parser()
    assert parser.parse_args(["deidentify"]).strategy == DEFAULT_STRATEGY
    assert [parser.parse_args(["deidentify", "--strategy", s]).strategy for s in STRATEGIES] == list(STRATEGIES)
    with pytest.raises(SystemExit):
        parser.parse_args(["deidentify", "--strategy", "shred"])


def _properties(node, name):
    # Every JSON-schema property called `name`, wherever it sits in the OpenAPI document.
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict) and name in node["properties"]:
            yield node["properties"][name]
        for value in node.values():
            yield from _properties(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value, name)


def test_openapi_lists_exactly_the_common_strategies_and_roles():
    document = create_app().openapi()
    strategies = list(_properties(document, "strategy"))
    roles = list(_properties(document, "role"))
    # JSON bodies of deidentify, batch and jobs, and the jobs router's multipart form; three key schemas.
    assert len(strategies) >= 4 and len(roles) >= 3
    assert all(p["enum"] == list(STRATEGIES) and p["default"] == DEFAULT_STRATEGY for p in strategies)
    assert all(p["enum"] == list(ROLE_NAMES) for p in roles)


def _string_collections(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if values and len(values) == len(node.elts):
                yield node.lineno, frozenset(values)


@pytest.mark.parametrize("area", ["services", "clients", "loadtests", "tools", "benchmarks", "training"])
def test_no_other_copy_of_the_lists(area):
    wanted = {frozenset(STRATEGIES): "strategies", frozenset(ROLE_NAMES): "roles"}
    copies = [f"{path.relative_to(ROOT)}:{line} ({wanted[values]})"
              for path in sorted((ROOT / area).rglob("*.py"))
              if path not in DEFINITIONS and "_pb2" not in path.name
              for line, values in _string_collections(ast.parse(path.read_text(encoding="utf-8")))
              if values in wanted]
    assert not copies, "import them from phiguard.common instead: " + ", ".join(copies)


def test_shared_settings_are_declared_only_in_common():
    shared = set(common.JobSettings.model_fields) | set(common.GrpcClientSettings.model_fields) \
        | set(common.GrpcServerSettings.model_fields)
    for cls in SERVICE_SETTINGS:
        assert issubclass(cls, common.ServiceSettings)
        redeclared = set(cls.__annotations__) & shared
        assert not redeclared, f"{cls.__name__} redeclares {sorted(redeclared)}"


@pytest.mark.parametrize("cls", [AuthSettings, InferenceSettings])
def test_server_tls_fields_name_real_fields(cls):
    assert set(cls.SERVER_TLS_FIELDS) <= set(cls.model_fields)
    with pytest.raises(ValueError, match="together"):
        cls(**{cls.SERVER_TLS_FIELDS[0]: "server.crt"})


@pytest.mark.parametrize("cls", [EdgeSettings, WorkerSettings])
@pytest.mark.parametrize(("given", "message"), [({"grpc_tls_ca": "ca.crt", "grpc_tls_cert": "c.crt"}, "together"),
                                                ({"grpc_tls_cert": "c.crt", "grpc_tls_key": "c.key"}, "needs")])
def test_partial_client_tls_refuses_to_start(cls, given, message):
    with pytest.raises(ValueError, match=message):
        cls(**given)
