"""Client for the PHIGuard REST API, and for its gRPC API with the `grpc` extra (PhiGuardGrpcClient)."""

from phiguard_client.client import AsyncPhiGuardClient, PhiGuardClient
from phiguard_client.models import (BatchItem, BatchResult, DeidentifyResult, DetectResult, Entity, JobPage,
                                    JobProgress, JobStatus, PhiGuardError)

__all__ = ["AsyncPhiGuardClient", "BatchItem", "BatchResult", "DeidentifyResult", "DetectResult", "Entity", "JobPage",
           "JobProgress", "JobStatus", "PhiGuardClient", "PhiGuardError", "PhiGuardGrpcClient", "StreamResult"]


def __getattr__(name: str):
    # Imported on first use, so the REST client works without grpcio installed.
    if name in ("PhiGuardGrpcClient", "StreamResult"):
        from phiguard_client import grpc_transport  # noqa: PLC0415

        return getattr(grpc_transport, name)
    raise AttributeError(name)
