"""Property-based API tests generated from /openapi.json: no 5xx, and every response matches the schema.

Schemathesis drives Hypothesis directly here (its pytest plugin predates pytest 9).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


def test_api_contract(stack):
    schema = schemathesis.openapi.from_url(f"{stack.edge_url}/openapi.json")
    # Key management has its own tests; generated calls there would revoke the test's admin key.
    schema = schema.exclude(path_regex="^/api/v1/keys")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.headers = {**(case.headers or {}), "X-API-Key": stack.admin_key}
            case.call_and_validate(base_url=stack.edge_url, timeout=60, checks=CHECKS)

        check()
