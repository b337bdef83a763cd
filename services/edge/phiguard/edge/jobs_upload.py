"""Reading an async job submission: a JSON body or a multipart upload of .txt, .jsonl or .csv files.

Every file is parsed whole before anything is stored, so a malformed line rejects the submission
with its line number and nothing half-stored. Errors name the file by its position and the line,
never by content.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import PurePath

from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.common.jobs.store import Document
from phiguard.common.strategies import DEFAULT_STRATEGY
from phiguard.edge.errors import ApiError
from phiguard.edge.schemas import AsyncJobOptions, AsyncJobRequest
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.requests import Request

# Clinical notes in one CSV cell easily pass csv's 128 KiB default; the body limit bounds them instead.
csv.field_size_limit(sys.maxsize)

FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


@dataclass
class Submission:
    documents: list[Document]
    options: AsyncJobOptions
    # What the result endpoint answers in by default: json, jsonl or csv.
    format: str


def _validation_detail(exc: ValidationError, prefix: str = "") -> str:
    # Field paths and pydantic's messages only: submitted values never go into the answer.
    return "; ".join(f"{prefix}{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())


def check_entity_types(entity_types: list[str] | None) -> None:
    unknown = sorted(set(entity_types or ()) - ENTITY_TYPE_NAMES)
    if unknown:
        raise ApiError(400, f"entity_types: unknown types {', '.join(t[:32] for t in unknown[:5])}")


async def read_submission(request: Request, max_files: int) -> Submission:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        return await _read_json(request)
    return await _read_multipart(request, max_files)


async def _read_json(request: Request) -> Submission:
    try:
        body = AsyncJobRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise ApiError(400, _validation_detail(exc)) from None
    documents = [Document(id=d.id if d.id is not None else str(i), text=d.text) for i, d in enumerate(body.documents)]
    options = AsyncJobOptions(strategy=body.strategy, entity_types=body.entity_types,
                              confidence_threshold=body.confidence_threshold, profile=body.profile)
    return Submission(documents, options, "json")


async def _read_multipart(request: Request, max_files: int) -> Submission:
    form = await request.form(max_files=max_files, max_fields=100)
    try:
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not files:
            raise ApiError(400, "files: upload at least one .txt, .jsonl or .csv file in the 'files' field")
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        entity_types = [t.strip() for v in form.getlist("entity_types") if isinstance(v, str)
                        for t in v.split(",") if t.strip()] or None
        try:
            options = AsyncJobOptions(strategy=fields.get("strategy", DEFAULT_STRATEGY), entity_types=entity_types,
                                      confidence_threshold=fields.get("confidence_threshold", 0.5),
                                      profile=fields.get("profile") or None)
        except ValidationError as exc:
            raise ApiError(400, _validation_detail(exc)) from None
        text_column = fields.get("text_column", "text")
        id_column = fields.get("id_column", "id")
        documents: list[Document] = []
        formats = set()
        for index, upload in enumerate(files):
            fmt = FORMATS.get(PurePath(upload.filename or "").suffix.lower())
            if fmt is None:
                raise ApiError(400, f"files[{index}]: unsupported file type; use .txt, .jsonl or .csv")
            formats.add(fmt)
            data = await upload.read()
            documents.extend(parse_file(index, upload.filename or f"file{index}", fmt, data, text_column, id_column,
                                        single=len(files) == 1))
    finally:
        await form.close()
    if not documents:
        raise ApiError(400, "files: the upload holds no documents")
    fmt = formats.pop() if len(formats) == 1 else "json"
    return Submission(documents, options, "json" if fmt == "txt" else fmt)


def _decode(index: int, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ApiError(400, f"files[{index}] line {line}: not valid UTF-8") from None


def parse_file(index: int, filename: str, fmt: str, data: bytes, text_column: str, id_column: str,
               single: bool) -> list[Document]:
    text = _decode(index, data)
    if fmt == "txt":
        return [Document(id=filename, text=text)]
    # Default ids: the line number, prefixed with the file name when several files share one job.
    prefix = "" if single else f"{filename}:"
    if fmt == "jsonl":
        return _parse_jsonl(index, text, prefix)
    return _parse_csv(index, text, text_column, id_column, prefix)


def _parse_jsonl(index: int, text: str, prefix: str) -> list[Document]:
    documents = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"files[{index}] line {line_no}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise ApiError(400, f"files[{index}] line {line_no}: expected an object with a string 'text'")
        doc_id = obj.get("id")
        if doc_id is not None and not isinstance(doc_id, (str, int)):
            raise ApiError(400, f"files[{index}] line {line_no}: 'id' must be a string or an integer")
        documents.append(Document(id=str(doc_id) if doc_id is not None else f"{prefix}{line_no}", text=obj["text"]))
    return documents


def _parse_csv(index: int, text: str, text_column: str, id_column: str, prefix: str) -> list[Document]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ApiError(400, f"files[{index}] line 1: empty CSV, expected a header row")
        if text_column not in header:
            raise ApiError(400, f"files[{index}] line 1: no column '{text_column[:64]}' in the header")
        text_at = header.index(text_column)
        id_at = header.index(id_column) if id_column in header else None
        documents = []
        while True:
            line_no = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                return documents
            if not row:
                continue
            if len(row) != len(header):
                raise ApiError(400, f"files[{index}] line {line_no}: {len(row)} fields, the header has {len(header)}")
            doc_id = row[id_at] if id_at is not None and row[id_at] else f"{prefix}{line_no}"
            documents.append(Document(id=doc_id, text=row[text_at]))
    except csv.Error as exc:
        raise ApiError(400, f"files[{index}] line {reader.line_num}: malformed CSV ({_csv_reason(exc)})") from None


def _csv_reason(exc: csv.Error) -> str:
    # csv's messages describe structure ("unexpected end of data"), but keep them short regardless.
    return str(exc)[:80]
