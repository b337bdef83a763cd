"""The five replacement strategies of DESIGN.md: the one list the edge, the engine and the tools share.

The gRPC contract carries a strategy as a plain string (protos/phiguard/v1/inference.proto), so the
names are defined here rather than as a proto enum.
"""

from __future__ import annotations

STRATEGIES: tuple[str, ...] = ("placeholder", "consistent", "redact", "hash", "surrogate")
DEFAULT_STRATEGY = "placeholder"
# Their replacements depend on the state carried between calls (numbered tags; the surrogate seed and
# date offset), so calls that must agree (a job's documents, a batch's texts) run in order, sharing it.
SHARED_STATE_STRATEGIES: tuple[str, ...] = ("consistent", "surrogate")
