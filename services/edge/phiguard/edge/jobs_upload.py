"""Reading an async job submission: a JSON body or a multipart upload of .txt, .jsonl or .csv files.

The router authorizes the key from the headers before calling this, so nothing here runs for a bad key.
The body is then read as it arrives and parsed chunk by chunk in a worker thread, never on the event
loop, with the job's caps (documents, characters per document and per job, bytes per line or CSV row)
checked while reading: an over-cap upload stops at the first document past a cap, and what is held is
bounded by the caps, not by what the client sends. Nothing is stored until the whole submission has
parsed, so a malformed line rejects it with its line number and nothing half-stored. Errors name the
file by its position, the line and the field, never by content or by a value the caller sent.
"""

from __future__ import annotations

import asyncio
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import PurePath

import python_multipart
from python_multipart.multipart import parse_options_header
from pydantic import ValidationError
from starlette.requests import Request

from phiguard.common.entities import ENTITY_TYPE_NAMES
from phiguard.common.jobs.store import Document
from phiguard.common.strategies import DEFAULT_STRATEGY
from phiguard.edge.config import EdgeSettings
from phiguard.edge.errors import UNKNOWN_FIELD, ApiError
from phiguard.edge.schemas import AsyncJobOptions, AsyncJobRequest

# Clinical notes in one CSV cell easily pass csv's 128 KiB default; the row cap bounds them instead.
csv.field_size_limit(sys.maxsize)

# Form fields that choose what is stored and for how long (AsyncJobOptions parses them).
_STORAGE_OPTIONS = ("include_text", "delete_after_download", "retention_s")

FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_BOM = b"\xef\xbb\xbf"
# Form fields (strategy, entity_types, ...) are short; files are what may be large.
_MAX_FIELDS = 100
_MAX_FIELD_BYTES = 64 * 1024
_MAX_PART_HEADER_BYTES = 16 * 1024


@dataclass
class Submission:
    documents: list[Document]
    options: AsyncJobOptions
    # What the result endpoint answers in by default: json, jsonl or csv.
    format: str


@dataclass(frozen=True)
class Limits:
    max_files: int
    max_documents: int
    max_doc_chars: int
    max_job_chars: int

    @classmethod
    def of(cls, settings: EdgeSettings) -> Limits:
        return cls(settings.max_upload_files, settings.max_job_documents, settings.max_text_chars,
                   settings.max_job_chars)

    @property
    def max_line_bytes(self) -> int:
        # A .jsonl line may spell each character as a 6-byte \u escape; a CSV row holds other columns too.
        return 6 * self.max_doc_chars + 64 * 1024


class _Budget:
    """The job's caps, counted as documents are read."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.documents = 0
        self.chars = 0

    def count_document(self) -> None:
        self.documents += 1
        if self.documents > self.limits.max_documents:
            raise ApiError(413, f"A job holds at most {self.limits.max_documents} documents")

    def add_text(self, where: str, text: str) -> None:
        if len(text) > self.limits.max_doc_chars:
            raise ApiError(413, f"{where}: a document holds at most {self.limits.max_doc_chars} characters")
        self.chars += len(text)
        if self.chars > self.limits.max_job_chars:
            raise ApiError(413, f"A job holds at most {self.limits.max_job_chars} characters")


def _validation_detail(exc: ValidationError, prefix: str = "") -> str:
    # Field paths and pydantic's messages only: submitted values never go into the answer. An unknown
    # field's path is its name, which the caller chose: say where it was, not what it was called.
    parts = []
    for e in exc.errors():
        loc = [str(p) for p in e["loc"]]
        if e["type"] == "extra_forbidden":
            parts.append(f"{prefix}{'.'.join(loc[:-1]) or 'body'}: {UNKNOWN_FIELD}")
        else:
            parts.append(f"{prefix}{'.'.join(loc) or 'body'}: {e['msg']}")
    return "; ".join(parts)


def check_entity_types(entity_types: list[str] | None) -> None:
    unknown = [i for i, t in enumerate(entity_types or ()) if t not in ENTITY_TYPE_NAMES]
    if unknown:
        # Positions, not the values: a caller's typo can be anything, PHI included.
        where = ", ".join(f"entity_types[{i}]" for i in unknown[:5])
        raise ApiError(400, f"{where}: not an entity type (GET /api/v1/entities lists them)")


def valid_unicode(text: str) -> bool:
    """False for a string holding a lone surrogate ("\\udfff"): JSON allows the escape, UTF-8 cannot carry it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def read_submission(request: Request, limits: Limits) -> Submission:
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() == "application/json":
        # The body is capped at max_upload_bytes as it arrives (EdgeMiddleware); parsing it is CPU work.
        body = await request.body()
        return await asyncio.to_thread(_parse_json, body, limits)
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise ApiError(400, "Content-Type: multipart/form-data needs a boundary")
    upload = _MultipartUpload(boundary, limits)
    async for chunk in request.stream():
        if chunk:
            await asyncio.to_thread(upload.feed, chunk)
    return await asyncio.to_thread(upload.finish)


def _parse_json(body: bytes, limits: Limits) -> Submission:
    try:
        parsed = AsyncJobRequest.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(400, _validation_detail(exc)) from None
    del body
    budget = _Budget(limits)
    documents = []
    for i, d in enumerate(parsed.documents):
        budget.count_document()
        budget.add_text(f"documents[{i}].text", d.text)
        documents.append(Document(id=d.id if d.id is not None else str(i), text=d.text))
    options = AsyncJobOptions(**parsed.model_dump(exclude={"documents"}))
    return Submission(documents, options, "json")


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    data: bytearray = field(default_factory=bytearray)
    file: _UploadedFile | None = None
    ignored: bool = False


class _MultipartUpload:
    """A multipart body fed chunk by chunk (each call in a worker thread, one at a time)."""

    def __init__(self, boundary: bytes, limits: Limits) -> None:
        self.limits = limits
        self.budget = _Budget(limits)
        self.files: list[_UploadedFile] = []
        self.fields: list[tuple[str, str]] = []
        self._part = _Part()
        self._header_name = b""
        self._header_value = b""
        self._header_bytes = 0
        self._parser = python_multipart.MultipartParser(boundary, {
            "on_part_begin": self._on_part_begin, "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end, "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value, "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
        })

    def feed(self, chunk: bytes) -> None:
        try:
            self._parser.write(chunk)
        except python_multipart.exceptions.MultipartParseError:
            raise ApiError(400, "body: malformed multipart/form-data") from None

    def _on_part_begin(self) -> None:
        self._part = _Part()
        self._header_bytes = 0

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._grow_header(end - start)
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._grow_header(end - start)
        self._header_value += data[start:end]

    def _grow_header(self, n: int) -> None:
        self._header_bytes += n
        if self._header_bytes > _MAX_PART_HEADER_BYTES:
            raise ApiError(400, "body: a multipart part's headers are too long")

    def _on_header_end(self) -> None:
        self._part.headers.append((self._header_name.lower(), self._header_value))
        self._header_name = self._header_value = b""

    def _on_headers_finished(self) -> None:
        disposition = next((v for k, v in self._part.headers if k == b"content-disposition"), b"")
        _, options = parse_options_header(disposition)
        if b"name" not in options:
            raise ApiError(400, "body: every multipart part needs a Content-Disposition name")
        self._part.name = options[b"name"].decode("utf-8", "replace")
        if b"filename" in options:
            self._part.filename = options[b"filename"].decode("utf-8", "replace")
            if self._part.name != "files":
                self._part.ignored = True  # as before: only the `files` field holds documents
                return
            index = len(self.files)
            if index >= self.limits.max_files:
                raise ApiError(413, f"files: a submission holds at most {self.limits.max_files} files")
            fmt = FORMATS.get(PurePath(self._part.filename).suffix.lower())
            if fmt is None:
                raise ApiError(400, f"files[{index}]: unsupported file type; use .txt, .jsonl or .csv")
            self._part.file = _UploadedFile(index, self._part.filename or f"file{index}", fmt, self.budget)
            self.files.append(self._part.file)
        elif len(self.fields) >= _MAX_FIELDS:
            raise ApiError(400, f"body: at most {_MAX_FIELDS} form fields")

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.file is not None:
            part.file.feed(data[start:end])
        elif not part.ignored:
            part.data += data[start:end]
            if len(part.data) > _MAX_FIELD_BYTES:
                raise ApiError(400, "body: a form field is too long")

    def _on_part_end(self) -> None:
        part = self._part
        if part.file is not None:
            part.file.close()
        elif not part.ignored and part.filename is None:
            self.fields.append((part.name, part.data.decode("utf-8", "replace")))

    def finish(self) -> Submission:
        try:
            self._parser.finalize()
        except python_multipart.exceptions.MultipartParseError:
            raise ApiError(400, "body: malformed multipart/form-data") from None
        if not self.files:
            raise ApiError(400, "files: upload at least one .txt, .jsonl or .csv file in the 'files' field")
        if any(f.open for f in self.files):
            raise ApiError(400, "body: the multipart body ended inside a file")
        values = dict(self.fields)
        entity_types = [t.strip() for name, v in self.fields if name == "entity_types"
                        for t in v.split(",") if t.strip()] or None
        try:
            options = AsyncJobOptions(strategy=values.get("strategy", DEFAULT_STRATEGY), entity_types=entity_types,
                                      confidence_threshold=values.get("confidence_threshold", 0.5),
                                      profile=values.get("profile") or None,
                                      **{k: values[k] for k in _STORAGE_OPTIONS if k in values})
        except ValidationError as exc:
            raise ApiError(400, _validation_detail(exc)) from None
        text_column, id_column = values.get("text_column", "text"), values.get("id_column", "id")
        single = len(self.files) == 1
        documents: list[Document] = []
        for f in self.files:
            documents.extend(f.documents(text_column, id_column, single))
        if not documents:
            raise ApiError(400, "files: the upload holds no documents")
        formats = {f.fmt for f in self.files}
        fmt = formats.pop() if len(formats) == 1 else "json"
        return Submission(documents, options, "json" if fmt == "txt" else fmt)


class _UploadedFile:
    """One uploaded file, split into lines (CSV: rows) as its bytes arrive; each line checked at once."""

    def __init__(self, index: int, filename: str, fmt: str, budget: _Budget) -> None:
        self.index, self.filename, self.fmt, self.budget = index, filename, fmt, budget
        self.open = True
        self._pending = bytearray()
        self._line_no = 0  # lines completed so far
        self._first = True
        # .txt: the decoded lines; .jsonl: (line, id or None, text); .csv: (first line, row text).
        self._lines: list[str] = []
        self._chars = 0
        self._items: list[tuple[int, str | None, str]] = []
        self._record: list[str] = []
        self._record_start = 0
        self._record_bytes = 0
        self._quotes = 0
        self._header_seen = False

    def feed(self, data: bytes) -> None:
        start = 0
        while (nl := data.find(b"\n", start)) >= 0:
            self._pending += data[start:nl + 1]
            start = nl + 1
            self._line(bytes(self._pending))
            self._pending.clear()
        self._pending += data[start:]
        self._check_line_size(len(self._pending))

    def close(self) -> None:
        if self._pending:
            self._line(bytes(self._pending))
            self._pending.clear()
        self.open = False
        if self._record:
            # Quotes still open at the end of the file: csv's own message, at the row's first line.
            self._csv_row()

    def _where(self, line_no: int | None = None) -> str:
        return f"files[{self.index}] line {line_no or self._line_no}"

    def _check_line_size(self, n: int) -> None:
        limit = self.budget.limits.max_line_bytes if self.fmt != "txt" else 4 * self.budget.limits.max_doc_chars
        if n > limit:
            raise ApiError(413, f"{self._where(self._line_no + 1)}: a line holds at most {limit} bytes")

    def _line(self, raw: bytes) -> None:
        self._line_no += 1
        if self._first:
            self._first = False
            raw = raw.removeprefix(_BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, f"{self._where()}: not valid UTF-8") from None
        if self.fmt == "txt":
            self._chars += len(text)
            if self._chars > self.budget.limits.max_doc_chars:
                raise ApiError(413, f"files[{self.index}]: a document holds at most "
                                    f"{self.budget.limits.max_doc_chars} characters")
            self._lines.append(text)
        elif self.fmt == "jsonl":
            self._jsonl_line(text)
        else:
            self._csv_line(text)

    def _jsonl_line(self, text: str) -> None:
        line = text.rstrip("\r\n")
        if not line.strip():
            return
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"{self._where()}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise ApiError(400, f"{self._where()}: expected an object with a string 'text'")
        doc_id = obj.get("id")
        if doc_id is not None and not isinstance(doc_id, (str, int)):
            raise ApiError(400, f"{self._where()}: 'id' must be a string or an integer")
        if not valid_unicode(obj["text"]) or (isinstance(doc_id, str) and not valid_unicode(doc_id)):
            raise ApiError(400, f"{self._where()}: 'text' and 'id' must be valid Unicode (no lone surrogates)")
        self.budget.count_document()
        self.budget.add_text(self._where(), obj["text"])
        self._items.append((self._line_no, str(doc_id) if doc_id is not None else None, obj["text"]))

    def _csv_line(self, text: str) -> None:
        # A row ends at a newline outside quotes: with csv's doubled "" escapes, that is a newline after an
        # even number of quote characters since the row began.
        if not self._record:
            self._record_start, self._record_bytes, self._quotes = self._line_no, 0, 0
        self._record.append(text)
        self._record_bytes += len(text)
        self._quotes += text.count('"')
        if self._record_bytes > self.budget.limits.max_line_bytes:
            raise ApiError(413, f"{self._where(self._record_start)}: a CSV row holds at most "
                                f"{self.budget.limits.max_line_bytes} characters")
        if self._quotes % 2 == 0:
            self._csv_row()

    def _csv_row(self) -> None:
        row_text = "".join(self._record)
        self._record = []
        if self._header_seen and row_text.strip("\r\n"):
            # A data row: counted now, so an upload past the document cap stops here.
            self.budget.count_document()
        self._header_seen = True
        self._items.append((self._record_start, None, row_text))

    def documents(self, text_column: str, id_column: str, single: bool) -> list[Document]:
        # Default ids: the line number, prefixed with the file name when several files share one job.
        prefix = "" if single else f"{self.filename}:"
        if self.fmt == "txt":
            return [Document(id=self.filename, text="".join(self._lines))]
        if self.fmt == "jsonl":
            return [Document(id=doc_id if doc_id is not None else f"{prefix}{line_no}", text=text)
                    for line_no, doc_id, text in self._items]
        return self._csv_documents(text_column, id_column, prefix)

    def _csv_documents(self, text_column: str, id_column: str, prefix: str) -> list[Document]:
        items, self._items = self._items, []
        if not items:
            raise ApiError(400, f"files[{self.index}] line 1: empty CSV, expected a header row")
        header = self._parse_row(*items[0][::2])
        if text_column not in header:
            raise ApiError(400, f"files[{self.index}] line 1: text_column names no column of the header")
        text_at = header.index(text_column)
        id_at = header.index(id_column) if id_column in header else None
        documents = []
        for line_no, _, row_text in items[1:]:
            row = self._parse_row(line_no, row_text)
            if not row:
                continue
            if len(row) != len(header):
                raise ApiError(400, f"files[{self.index}] line {line_no}: {len(row)} fields, the header has "
                                    f"{len(header)}")
            self.budget.add_text(f"files[{self.index}] line {line_no}", row[text_at])
            doc_id = row[id_at] if id_at is not None and row[id_at] else f"{prefix}{line_no}"
            documents.append(Document(id=doc_id, text=row[text_at]))
        return documents

    def _parse_row(self, line_no: int, row_text: str) -> list[str]:
        if not row_text.strip("\r\n"):
            return []
        try:
            rows = list(csv.reader([row_text], strict=True))
        except csv.Error as exc:
            raise ApiError(400, f"files[{self.index}] line {line_no}: malformed CSV ({str(exc)[:80]})") from None
        return rows[0] if rows else []
