"""Where a job lives in Redis. Every key of one job shares a hash tag, so its Lua scripts stay on one slot."""

from __future__ import annotations

import hashlib

STREAM = "phiguard:jobs:stream"
GROUP = "phiguard-workers"
# The only field of a stream entry: entries name a job, they never carry text.
FIELD_JOB_ID = "job_id"

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = "queued", "running", "succeeded", "failed", "cancelled"
STATUSES = (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED)
TERMINAL = frozenset({SUCCEEDED, FAILED, CANCELLED})


def record(job_id: str) -> str:
    return f"phiguard:job:{{{job_id}}}"


def docs(job_id: str) -> str:
    return f"phiguard:job:{{{job_id}}}:docs"


def results(job_id: str) -> str:
    return f"phiguard:job:{{{job_id}}}:results"


def state(job_id: str) -> str:
    return f"phiguard:job:{{{job_id}}}:state"


def events(job_id: str) -> str:
    return f"phiguard:job:{{{job_id}}}:events"


# Listing indexes (sorted sets): every job, and each key's jobs. Members are "<creation time in ms,
# 13 digits>:<job id>", all with score 0, so their lexical order is their time order.
ALL_JOBS = "phiguard:jobs:index"


def owner_jobs(owner_key_id: str) -> str:
    return f"phiguard:jobs:index:{owner_key_id}"


def idempotency(owner_key_id: str, idempotency_key: str) -> str:
    # Hashed: the client's key is opaque to us and may be long or carry anything.
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()
    return f"phiguard:jobs:idem:{owner_key_id}:{digest}"
