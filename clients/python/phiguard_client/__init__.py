"""Client for the PHIGuard REST API."""

from phiguard_client.client import AsyncPhiGuardClient, PhiGuardClient
from phiguard_client.models import (BatchItem, BatchResult, DeidentifyResult, DetectResult, Entity, JobPage,
                                    JobProgress, JobStatus, PhiGuardError)

__all__ = ["AsyncPhiGuardClient", "BatchItem", "BatchResult", "DeidentifyResult", "DetectResult", "Entity", "JobPage",
           "JobProgress", "JobStatus", "PhiGuardClient", "PhiGuardError"]
