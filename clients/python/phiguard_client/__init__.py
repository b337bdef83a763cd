"""Client for the PHIGuard REST API."""

from phiguard_client.client import AsyncPhiGuardClient, PhiGuardClient
from phiguard_client.models import (BatchItem, BatchResult, DeidentifyResult, DetectResult, Entity, PhiGuardError)

__all__ = ["AsyncPhiGuardClient", "BatchItem", "BatchResult", "DeidentifyResult", "DetectResult", "Entity",
           "PhiGuardClient", "PhiGuardError"]
