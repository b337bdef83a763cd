"""The public gRPC API, phiguard.v1.DeidentificationService (protos/phiguard/v1/deidentification.proto).

Served by the edge process itself: a grpc.aio server on its own port (PHIGUARD_EDGE_GRPC_PORT), started and
stopped by the FastAPI app's lifespan on the same event loop. It therefore shares everything the REST
routes use rather than copying it: the gRPC channels to auth and inference, the request schemas and their
limits (schemas.py: strategies, entity types and thresholds come from phiguard.common through them), the
service layer (service.DeidService), the one Authorize call per request (deps.authorize_key: same roles,
same token buckets, same costs), the REST answers themselves (service.*_response, converted field for
field), audit events (audit.py) and metrics. The port also serves gRPC health and reflection
(phiguard.common.grpc_server.GrpcService); traces come from the OpenTelemetry gRPC server instrumentation
that `setup_tracing` installs before the server is created.

Errors are the REST API's ApiError, mapped to status codes (400 INVALID_ARGUMENT, 401 UNAUTHENTICATED,
403 PERMISSION_DENIED, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED), with
google.rpc.RetryInfo / BadRequest details in grpc-status-details-bin and the REST headers as trailing
metadata. Messages name fields and never quote submitted values.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from google.protobuf import json_format
from google.protobuf.any_pb2 import Any as AnyProto
from google.rpc import error_details_pb2, status_pb2
from phiguard.common.cost import text_cost, texts_cost
from phiguard.common.grpc_server import GrpcService
from phiguard.common.logging import request_id_var
from phiguard.common.profiles import ProfileStore
from phiguard.common.strategies import SHARED_STATE_STRATEGIES
from phiguard.edge import audit
from phiguard.edge.clients import GrpcClients
from phiguard.edge.config import EdgeSettings
from phiguard.edge.deps import Principal, authorize_key, check_batch, check_text_lengths
from phiguard.edge.errors import ApiError, field_errors
from phiguard.edge.metrics import GRPC_STREAM_DOCUMENTS, GRPC_STREAM_UNANSWERED
from phiguard.edge.middleware import REQUEST_ID_PATTERN
from phiguard.edge.schemas import BatchRequest, DeidentifyRequest, DetectRequest, RedactRequest
from phiguard.edge.service import DeidService, batch_response, deidentify_response, detect_response
from phiguard.edge.site_profiles import choose_profile
from phiguard.v1 import deidentification_pb2 as pb
from phiguard.v1 import deidentification_pb2_grpc as pb_grpc
from pydantic import BaseModel, ValidationError

log = logging.getLogger("phiguard.edge.grpc")

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["DeidentificationService"].full_name
MAX_DOCUMENT_ID_CHARS = 256  # as an async job's document ids

# The REST status of an ApiError -> the gRPC code it becomes (and back, for audit events).
STATUS_CODES: dict[int, grpc.StatusCode] = {
    400: grpc.StatusCode.INVALID_ARGUMENT,
    401: grpc.StatusCode.UNAUTHENTICATED,
    403: grpc.StatusCode.PERMISSION_DENIED,
    404: grpc.StatusCode.NOT_FOUND,
    409: grpc.StatusCode.ALREADY_EXISTS,
    429: grpc.StatusCode.RESOURCE_EXHAUSTED,
    503: grpc.StatusCode.UNAVAILABLE,
    504: grpc.StatusCode.DEADLINE_EXCEEDED,
}
_END = object()


def _peer_ip(peer: str) -> str:
    # "ipv4:10.1.2.3:5678", "ipv6:[::1]:5678", "unix:/path": the address the token bucket of anonymous calls keys on.
    kind, _, rest = (peer or "").partition(":")
    if kind == "ipv4":
        return rest.rsplit(":", 1)[0]
    if kind == "ipv6":
        return rest.rsplit(":", 1)[0].strip("[]")
    return ""


def _options(message: Any) -> dict:
    """A request message's optional fields as the REST body would carry them: absent when unset."""
    options: dict[str, Any] = {}
    if "strategy" in message.DESCRIPTOR.fields_by_name and message.strategy:
        options["strategy"] = message.strategy
    if message.entity_types:
        options["entity_types"] = list(message.entity_types)
    if message.HasField("confidence_threshold"):
        options["confidence_threshold"] = message.confidence_threshold
    if "include_text" in message.DESCRIPTOR.fields_by_name and message.HasField("include_text"):
        options["include_text"] = message.include_text
    if "profile" in message.DESCRIPTOR.fields_by_name and message.profile:
        options["profile"] = message.profile
    return options


def _validated(model: type[BaseModel], data: dict, prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, "; ".join(f"{prefix}{loc}: {msg}" for loc, msg in field_errors(exc.errors()))) from None


def _packed(detail: Any) -> AnyProto:
    packed = AnyProto()
    packed.Pack(detail)
    return packed


class _Call:
    """One RPC: its request id, the key and address it came with, its deadline, and its trailing metadata."""

    def __init__(self, context: grpc.aio.ServicerContext, method: str) -> None:
        metadata = {k.lower(): v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        supplied = metadata.get("x-request-id", "")
        self.request_id = supplied if REQUEST_ID_PATTERN.match(supplied) else uuid.uuid4().hex
        request_id_var.set(self.request_id)
        key = metadata.get("x-api-key", "")
        if not key:
            scheme, _, credentials = metadata.get("authorization", "").partition(" ")
            if scheme.lower() == "bearer":
                key = credentials.strip()
        self.api_key = key
        self.client_ip = _peer_ip(context.peer())
        self.route = f"/{SERVICE_NAME}/{method}"
        remaining = context.time_remaining()
        self.deadline = None if remaining is None else time.monotonic() + remaining
        self.principal: Principal | None = None
        self.usage: dict | None = None
        self.trailing: dict[str, str] = {"x-request-id": self.request_id}

    def rate_limit(self, headers: dict[str, str]) -> None:
        self.trailing.update({k.lower(): v for k, v in headers.items() if k.startswith("X-RateLimit-")})

    def time_left(self) -> float | None:
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ApiError(504, "The call's deadline passed")
        return left


class DeidentificationServicer(pb_grpc.DeidentificationServiceServicer):
    def __init__(self, settings: EdgeSettings, clients: GrpcClients, profiles: ProfileStore | None = None) -> None:
        self.settings = settings
        self.clients = clients
        self.profiles = profiles

    # --- plumbing shared by every method ---------------------------------------------------------------

    async def _authorize(self, call: _Call, action: str, cost: int = 1) -> Principal:
        try:
            principal, headers = await authorize_key(
                self.clients, self.settings, api_key=call.api_key, action=action, client_ip=call.client_ip,
                request_id=call.request_id, cost=cost, timeout=call.time_left())
        except ApiError as exc:
            call.rate_limit(exc.headers)
            raise
        call.rate_limit(headers)
        call.principal = principal
        return principal

    def _service(self, call: _Call) -> DeidService:
        return DeidService(self.clients, self.settings, deadline=call.deadline)

    def _audit(self, call: _Call, status: int, code: grpc.StatusCode) -> None:
        audit.grpc_call(request_id=call.request_id, principal=call.principal, route=call.route, status=status,
                        code=code.name, usage=call.usage)

    async def _fail(self, context: grpc.aio.ServicerContext, call: _Call, error: BaseException) -> None:
        """Ends the call with the gRPC form of `error` (an ApiError, or anything else as INTERNAL)."""
        if not isinstance(error, ApiError):
            log.error("unhandled error", extra={"exc_type": type(error).__name__, "route": call.route})
            error = ApiError(500, "An unexpected error occurred")
        code = STATUS_CODES.get(error.status_code, grpc.StatusCode.INTERNAL)
        call.rate_limit(error.headers)
        details = []
        retry_after = error.headers.get("Retry-After")
        if retry_after is not None:
            call.trailing["retry-after"] = retry_after
            delay = error_details_pb2.RetryInfo()
            delay.retry_delay.FromSeconds(int(retry_after))
            details.append(_packed(delay))
        if code == grpc.StatusCode.INVALID_ARGUMENT:
            violations = []
            for part in error.detail.split("; "):
                field, _, description = part.partition(": ")
                violations.append(error_details_pb2.BadRequest.FieldViolation(field=field, description=description))
            details.append(_packed(error_details_pb2.BadRequest(field_violations=violations)))
        status = status_pb2.Status(code=code.value[0], message=error.detail, details=details)
        self._audit(call, error.status_code, code)
        metadata = (*call.trailing.items(), ("grpc-status-details-bin", status.SerializeToString()))
        await context.abort(code, error.detail, trailing_metadata=metadata)

    async def _unary(self, context: grpc.aio.ServicerContext, method: str,
                     handle: Callable[[_Call], Awaitable[Any]]) -> Any:
        call = _Call(context, method)
        try:
            response = await handle(call)
        except asyncio.CancelledError:
            self._audit(call, 499, grpc.StatusCode.CANCELLED)
            raise
        except Exception as exc:  # noqa: BLE001 - every failure leaves as a status code, with its audit event
            await self._fail(context, call, exc)
            raise AssertionError("unreachable") from None
        self._audit(call, 200, grpc.StatusCode.OK)
        context.set_trailing_metadata(tuple(call.trailing.items()))
        return response

    # --- the four unary methods: the REST routes' steps, in the REST routes' order -------------------------

    async def Detect(self, request: pb.DetectTextRequest, context) -> pb.DetectTextResponse:
        async def handle(call: _Call) -> pb.DetectTextResponse:
            body = _validated(DetectRequest, {"text": request.text, **_options(request)})
            check_text_lengths(self.settings, {"text": body.text})
            principal = await self._authorize(call, "detect", cost=text_cost(len(body.text)))
            profile = await choose_profile(self.profiles, principal, body.profile)
            reply = await self._service(call).detect(body.text, body.entity_types, body.confidence_threshold,
                                                     call.request_id, profile=profile)
            response = detect_response(reply)
            call.usage = audit.usage(len(body.text), (e.entity_type for e in response.entities))
            return json_format.ParseDict(response.model_dump(), pb.DetectTextResponse())
        return await self._unary(context, "Detect", handle)

    async def _deidentify(self, call: _Call, body: DeidentifyRequest | RedactRequest,
                          strategy: str) -> pb.DeidentifyTextResponse:
        profile = await choose_profile(self.profiles, call.principal, body.profile)
        reply = await self._service(call).deidentify(body.text, strategy, body.entity_types,
                                                     body.confidence_threshold, call.request_id,
                                                     tenant=call.principal.key_id, profile=profile)
        response = deidentify_response(reply, body.include_text)
        call.usage = audit.usage(len(body.text), (e.entity_type for e in response.entities_found))
        return json_format.ParseDict(response.model_dump(exclude_none=True), pb.DeidentifyTextResponse())

    async def Deidentify(self, request: pb.DeidentifyTextRequest, context) -> pb.DeidentifyTextResponse:
        async def handle(call: _Call) -> pb.DeidentifyTextResponse:
            body = _validated(DeidentifyRequest, {"text": request.text, **_options(request)})
            check_text_lengths(self.settings, {"text": body.text})
            await self._authorize(call, "deidentify", cost=text_cost(len(body.text)))
            return await self._deidentify(call, body, body.strategy)
        return await self._unary(context, "Deidentify", handle)

    async def Redact(self, request: pb.RedactTextRequest, context) -> pb.DeidentifyTextResponse:
        async def handle(call: _Call) -> pb.DeidentifyTextResponse:
            body = _validated(RedactRequest, {"text": request.text, **_options(request)})
            check_text_lengths(self.settings, {"text": body.text})
            await self._authorize(call, "redact", cost=text_cost(len(body.text)))
            return await self._deidentify(call, body, "redact")
        return await self._unary(context, "Redact", handle)

    async def Batch(self, request: pb.BatchRequest, context) -> pb.BatchResponse:
        async def handle(call: _Call) -> pb.BatchResponse:
            # As POST /batch: the body is checked first, then charged by size (phiguard.common.cost).
            body = _validated(BatchRequest, {"texts": list(request.texts), **_options(request)})
            check_batch(self.settings, body.texts)
            principal = await self._authorize(call, "batch", cost=texts_cost(map(len, body.texts)))
            profile = await choose_profile(self.profiles, principal, body.profile)
            replies = await self._service(call).batch(body.texts, body.strategy, body.entity_types,
                                                      body.confidence_threshold, call.request_id,
                                                      tenant=principal.key_id, profile=profile)
            call.usage = audit.usage(sum(map(len, body.texts)), (e.entity_type for r in replies for e in r.entities),
                                     documents=len(body.texts))
            response = batch_response(body.texts, replies, body.include_text)
            return json_format.ParseDict(response.model_dump(exclude_none=True), pb.BatchResponse())
        return await self._unary(context, "Batch", handle)

    # --- the stream ----------------------------------------------------------------------------------------

    async def _stream_document(self, service: DeidService, options: DeidentifyRequest, index: int, text: str,
                               call: _Call, state: bytes = b"", profile: str = ""):
        # What POST /deidentify does for one text once it is authorized: check the text, call inference.
        try:
            service.check_text(text)
        except ApiError as exc:
            raise ApiError(400, f"{exc.detail} (document {index})") from None
        return await service.deidentify(text, options.strategy, options.entity_types, options.confidence_threshold,
                                        call.request_id, state=state, tenant=call.principal.key_id,
                                        profile=profile)

    async def DeidentifyStream(self, request_iterator: AsyncIterator[pb.DeidentifyStreamRequest],
                               context) -> AsyncIterator[pb.DeidentifyStreamResponse]:
        """Documents in, results out in order, at most `edge_grpc_stream_window` read and not yet answered.

        A reader task takes a window slot before it reads each message and the writer (this generator) gives
        it back once that document's answer is sent, so while the window is full nothing more is read: the
        HTTP/2 flow-control window fills and the client's sends wait. Answers are sent only as fast as the
        client reads them, which holds the writer back in turn. Documents of stateless strategies are
        processed concurrently inside the window (inference batches them); `consistent` and `surrogate`
        thread one replacement state through the documents in order, as a job does. The reader authorizes each
        document as it reads it, in order.
        """
        call = _Call(context, "DeidentifyStream")
        service = self._service(call)
        slots = asyncio.Semaphore(self.settings.edge_grpc_stream_window)
        queue: asyncio.Queue = asyncio.Queue()  # never longer than the window: the reader holds a slot per item
        unanswered = 0
        first: dict[str, DeidentifyRequest] = {}

        async def read() -> None:
            nonlocal unanswered
            iterator, index = request_iterator.__aiter__(), 0
            try:
                while True:
                    await slots.acquire()
                    try:
                        message = await iterator.__anext__()
                    except StopAsyncIteration:
                        break
                    if index == 0:
                        # The options as a deidentify body checks them (the text is checked per document).
                        first["options"] = _validated(DeidentifyRequest, {"text": "-", **_options(message.options)},
                                                     prefix="options.")
                    elif message.HasField("options"):
                        raise ApiError(400, f"options: only the first message of a stream may carry options "
                                            f"(document {index})")
                    if len(message.id) > MAX_DOCUMENT_ID_CHARS:
                        raise ApiError(400, f"id: must be at most {MAX_DOCUMENT_ID_CHARS} characters "
                                            f"(document {index})")
                    doc_id = message.id or str(index)
                    # Authorized in the order read (charged by size, as a REST call), so the stream's tokens go to
                    # its documents in order and a refusal ends it after everything before it is answered.
                    check_text_lengths(self.settings, {f"text (document {index})": message.text})
                    principal = await self._authorize(call, "deidentify", cost=text_cost(len(message.text)))
                    if index == 0:
                        first["profile"] = await choose_profile(self.profiles, principal, first["options"].profile)
                    unanswered += 1
                    GRPC_STREAM_UNANSWERED.observe(unanswered)
                    options = first["options"]
                    if options.strategy in SHARED_STATE_STRATEGIES:
                        task = None  # the writer runs it, in order, with the state of the documents before it
                    else:
                        task = asyncio.create_task(
                            self._stream_document(service, options, index, message.text, call,
                                                  profile=first["profile"]))
                    await queue.put((index, doc_id, message.text, task))
                    index += 1
            except Exception as exc:  # noqa: BLE001 - handed to the writer, which ends the call with it in order
                await queue.put(exc)
                return
            await queue.put(_END)

        reader = asyncio.create_task(read())
        state, documents, chars, found = b"", 0, 0, Counter()
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    break
                if isinstance(item, BaseException):
                    raise item
                index, doc_id, text, task = item
                if task is None:
                    reply = await self._stream_document(service, first["options"], index, text, call, state,
                                                        profile=first["profile"])
                    state = reply.consistency_state or state
                else:
                    reply = await task
                result = deidentify_response(reply, first["options"].include_text)
                documents += 1
                chars += len(text)
                found.update(e.entity_type for e in result.entities_found)
                yield pb.DeidentifyStreamResponse(
                    id=doc_id, index=index, deidentified_text=result.deidentified_text,
                    entities_found=[pb.DetectedEntity(**e.model_dump(exclude_none=True))
                                    for e in result.entities_found],
                    replacements_made=result.replacements_made, entity_count=result.entity_count)
                GRPC_STREAM_DOCUMENTS.inc()
                unanswered -= 1
                slots.release()
        except asyncio.CancelledError:
            call.usage = {"chars": chars, "documents": documents, "entities": dict(found)}
            self._audit(call, 499, grpc.StatusCode.CANCELLED)
            raise
        except Exception as exc:  # noqa: BLE001 - every failure leaves as a status code, with its audit event
            call.usage = {"chars": chars, "documents": documents, "entities": dict(found)}
            await self._fail(context, call, exc)
        finally:
            reader.cancel()
            while not queue.empty():
                item = queue.get_nowait()
                if isinstance(item, tuple) and item[3] is not None:
                    pending = item[3]
                    if not pending.done():
                        pending.cancel()
                    elif not pending.cancelled():
                        pending.exception()  # retrieved: the stream already ended with an earlier error
        call.usage = {"chars": chars, "documents": documents, "entities": dict(found)}
        self._audit(call, 200, grpc.StatusCode.OK)
        context.set_trailing_metadata(tuple(call.trailing.items()))


def _bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


class PublicGrpcServer:
    """The public port: DeidentificationService, grpc.health.v1 and reflection, metrics per method."""

    def __init__(self, settings: EdgeSettings, clients: GrpcClients, profiles: ProfileStore | None = None) -> None:
        servicer = DeidentificationServicer(settings, clients, profiles)
        self.grpc = GrpcService([SERVICE_NAME],
                                lambda server: pb_grpc.add_DeidentificationServiceServicer_to_server(servicer, server),
                                _bind_address(settings.edge_host, settings.edge_grpc_port),
                                # A second process on a taken port must fail to start, as uvicorn does on the
                                # REST port, rather than silently share it (gRPC sets SO_REUSEPORT by default).
                                options=(("grpc.so_reuseport", 0),))
        self.grace = settings.edge_grpc_grace_s

    @property
    def port(self) -> int:
        return self.grpc.port

    async def start(self) -> None:
        await self.grpc.start()
        log.info("public gRPC API serving", extra={"port": self.port, "grpc_service": SERVICE_NAME})

    async def stop(self) -> None:
        await self.grpc.stop(self.grace)
