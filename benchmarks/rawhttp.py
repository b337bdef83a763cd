"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for generating load from a 2-core machine.

Why: on this machine httpx's async client tops out at a few hundred requests/s against a server that
does nothing, and far less with hundreds of connections in one process (its pool bookkeeping grows with
the number of connections), so at concurrency 32–256 the bench would measure the client, not PHIGuard.
This client pre-encodes each request and reads only the status line, the headers and a Content-Length
or chunked body: tens of microseconds per request. bench_service.py prints both clients' ceiling against
a null server in the same run, so the choice is visible in the figures. Plain http:// only (loopback).
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit


class RawHttpConnection:
    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        u = urlsplit(base_url)
        if u.scheme != "http":
            raise ValueError("rawhttp speaks plain http only; use httpx for https")
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self._head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{self.host}:{self.port}", **headers}.items())
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    def encode_post(self, path: str, body: bytes, content_type: str = "application/json") -> bytes:
        return (f"POST {path} HTTP/1.1\r\n{self._head}Content-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body

    async def request(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send one pre-encoded request; returns (status, lower-cased headers, body)."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        try:
            self._writer.write(raw)
            await self._writer.drain()
            head = await self._reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    k, _, v = line.partition(":")
                    headers[k.strip().lower()] = v.strip()
            if headers.get("transfer-encoding", "").lower() == "chunked":
                body = b""
                while True:
                    size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    chunk = await self._reader.readexactly(size + 2)
                    if size == 0:
                        break
                    body += chunk[:-2]
            else:
                body = await self._reader.readexactly(int(headers.get("content-length", "0")))
            if headers.get("connection", "").lower() == "close":
                self.close()
            return status, headers, body
        except BaseException:
            self.close()  # a half-read answer leaves the connection unusable
            raise

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
