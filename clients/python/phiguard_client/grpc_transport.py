"""The gRPC transport: PhiGuardClient's de-identification calls over the public gRPC API.

`phiguard.v1.DeidentificationService` (protos/phiguard/v1/deidentification.proto) is served by the edge on
its own port (50053 by default). The results are the same classes the REST client returns, errors the same
PhiGuardError (its `status_code` is the REST status the gRPC code stands for, `grpc_code` the code itself),
and `deidentify_stream` adds a bidirectional stream with flow control for pipelines of many documents.

Needs grpcio and protobuf: `pip install 'phiguard-client[grpc]'`. The messages are generated from the
proto into phiguard_client/_proto (`make protos`); the method paths below are the proto's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc

from phiguard_client._proto.phiguard.v1 import deidentification_pb2 as pb
from phiguard_client.models import BatchItem, BatchResult, DeidentifyResult, DetectResult, Entity, PhiGuardError

DEFAULT_TARGET = "127.0.0.1:50053"
_SERVICE = "/phiguard.v1.DeidentificationService/"
_HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}


@dataclass(frozen=True)
class StreamResult:
    """The answer to one document of `deidentify_stream`, in the order the documents were sent."""

    id: str
    index: int
    deidentified_text: str
    entities_found: list[Entity]
    replacements_made: dict[str, str] = field(default_factory=dict)
    entity_count: int = 0


def _entities(found: Iterable[Any]) -> list[Entity]:
    return [Entity(e.entity_type, e.text, e.start, e.end, e.confidence) for e in found]


def _options(message: Any, entity_types: Sequence[str] | None, confidence_threshold: float | None) -> Any:
    if entity_types:
        message.entity_types.extend(entity_types)
    if confidence_threshold is not None:
        message.confidence_threshold = confidence_threshold
    return message


def _error(exc: grpc.RpcError) -> PhiGuardError:
    code = exc.code()
    trailing = {k: v for k, v in (exc.trailing_metadata() or ()) if isinstance(v, str)}
    retry_after = trailing.get("retry-after")
    error = PhiGuardError(_HTTP_STATUS.get(code, 500), code.name, exc.details() or "", trailing.get("x-request-id"),
                          float(retry_after) if retry_after else None)
    error.grpc_code = code
    return error


class PhiGuardGrpcClient:
    """Blocking gRPC client with PhiGuardClient's detect/deidentify/redact/batch, plus deidentify_stream.

    `target` (host:port) defaults to PHIGUARD_GRPC_TARGET, then 127.0.0.1:50053; the key to PHIGUARD_API_KEY.
    `tls=True` uses the system's roots (an Ingress with TLS); `credentials` any other grpc.ChannelCredentials.
    `timeout` is every unary call's deadline in seconds; streams take theirs per call.
    """

    def __init__(self, target: str | None = None, api_key: str | None = None, *, timeout: float = 60.0,
                 tls: bool = False, credentials: grpc.ChannelCredentials | None = None,
                 options: Sequence[tuple[str, Any]] = ()) -> None:
        target = target or os.environ.get("PHIGUARD_GRPC_TARGET") or DEFAULT_TARGET
        key = api_key or os.environ.get("PHIGUARD_API_KEY")
        self._metadata = (("x-api-key", key),) if key else ()
        self._timeout = timeout
        if credentials is None and tls:
            credentials = grpc.ssl_channel_credentials()
        self._channel = (grpc.secure_channel(target, credentials, options=options) if credentials is not None
                         else grpc.insecure_channel(target, options=options))

        def unary(method: str, request: Any, response: Any) -> grpc.UnaryUnaryMultiCallable:
            return self._channel.unary_unary(_SERVICE + method, request_serializer=request.SerializeToString,
                                             response_deserializer=response.FromString)

        self._detect = unary("Detect", pb.DetectTextRequest, pb.DetectTextResponse)
        self._deidentify = unary("Deidentify", pb.DeidentifyTextRequest, pb.DeidentifyTextResponse)
        self._redact = unary("Redact", pb.RedactTextRequest, pb.DeidentifyTextResponse)
        self._batch = unary("Batch", pb.BatchRequest, pb.BatchResponse)
        self._stream = self._channel.stream_stream(
            _SERVICE + "DeidentifyStream", request_serializer=pb.DeidentifyStreamRequest.SerializeToString,
            response_deserializer=pb.DeidentifyStreamResponse.FromString)

    def _call(self, method: grpc.UnaryUnaryMultiCallable, request: Any) -> Any:
        try:
            return method(request, metadata=self._metadata, timeout=self._timeout)
        except grpc.RpcError as exc:
            raise _error(exc) from None

    def detect(self, text: str, *, entity_types: Sequence[str] | None = None,
               confidence_threshold: float = 0.5) -> DetectResult:
        reply = self._call(self._detect, _options(pb.DetectTextRequest(text=text), entity_types, confidence_threshold))
        return DetectResult(_entities(reply.entities), reply.entity_count, reply.text_length)

    def deidentify(self, text: str, *, strategy: str = "placeholder", entity_types: Sequence[str] | None = None,
                   confidence_threshold: float = 0.5) -> DeidentifyResult:
        request = _options(pb.DeidentifyTextRequest(text=text, strategy=strategy), entity_types, confidence_threshold)
        return self._result(self._call(self._deidentify, request))

    def redact(self, text: str, *, entity_types: Sequence[str] | None = None,
               confidence_threshold: float = 0.5) -> DeidentifyResult:
        request = _options(pb.RedactTextRequest(text=text), entity_types, confidence_threshold)
        return self._result(self._call(self._redact, request))

    def batch(self, texts: Sequence[str], *, strategy: str = "placeholder", entity_types: Sequence[str] | None = None,
              confidence_threshold: float = 0.5) -> BatchResult:
        request = _options(pb.BatchRequest(texts=list(texts), strategy=strategy), entity_types, confidence_threshold)
        reply = self._call(self._batch, request)
        return BatchResult([BatchItem(r.original_text, r.deidentified_text, r.entity_count) for r in reply.results],
                           reply.total_entities, reply.documents_processed)

    @staticmethod
    def _result(reply: Any) -> DeidentifyResult:
        return DeidentifyResult(reply.deidentified_text, _entities(reply.entities_found), dict(reply.replacements_made),
                                reply.entity_count)

    def deidentify_stream(self, documents: Iterable[str | tuple[str, str]], *, strategy: str = "placeholder",
                          entity_types: Sequence[str] | None = None, confidence_threshold: float = 0.5,
                          timeout: float | None = None) -> Iterator[StreamResult]:
        """De-identifies `documents` (texts, or (id, text) pairs) on one stream; yields the results in order.

        `documents` is read lazily, as the server's flow-control window lets more in, so it can be a generator
        over millions of notes. All the documents share one replacement state (`consistent`, `surrogate`).
        A failure raises PhiGuardError after every earlier result has been yielded.
        """

        def requests() -> Iterator[pb.DeidentifyStreamRequest]:
            options = _options(pb.StreamOptions(strategy=strategy), entity_types, confidence_threshold)
            for index, document in enumerate(documents):
                doc_id, text = document if isinstance(document, tuple) else ("", document)
                message = pb.DeidentifyStreamRequest(id=doc_id, text=text)
                if index == 0:
                    message.options.CopyFrom(options)
                yield message

        responses = self._stream(requests(), metadata=self._metadata, timeout=timeout)
        try:
            for reply in responses:
                yield StreamResult(reply.id, reply.index, reply.deidentified_text, _entities(reply.entities_found),
                                   dict(reply.replacements_made), reply.entity_count)
        except grpc.RpcError as exc:
            raise _error(exc) from None
        finally:
            responses.cancel()  # a no-op once the stream has ended; stops it when the caller stops early

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> PhiGuardGrpcClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
