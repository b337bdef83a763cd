"""AdmissionMiddleware: at most N work requests in flight; the rest get 503 + Retry-After at once."""

from __future__ import annotations

import asyncio

import httpx

from phiguard.edge.admission import AdmissionMiddleware


def _app(release: asyncio.Event):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/api/v1/detect":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b"{}"})
    return app


async def test_sheds_past_the_limit_and_recovers() -> None:
    release = asyncio.Event()
    mw = AdmissionMiddleware(_app(release), max_in_flight=2)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mw), base_url="http://edge") as c:
        held = [asyncio.create_task(c.post("/api/v1/detect", json={})) for _ in range(2)]
        while mw.in_flight < 2:
            await asyncio.sleep(0.01)
        shed = await c.post("/api/v1/detect", json={})
        assert shed.status_code == 503
        assert shed.headers["Retry-After"] == "1"
        assert shed.json()["status_code"] == 503 and shed.json()["error"] == "Service unavailable"
        # probes and reads are never refused
        assert (await c.get("/api/v1/health")).status_code == 200
        release.set()
        assert [r.status_code for r in await asyncio.gather(*held)] == [200, 200]
        assert mw.in_flight == 0
        assert (await c.post("/api/v1/detect", json={})).status_code == 200


async def test_zero_turns_the_limit_off() -> None:
    release = asyncio.Event()
    release.set()
    mw = AdmissionMiddleware(_app(release), max_in_flight=0)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mw), base_url="http://edge") as c:
        replies = await asyncio.gather(*(c.post("/api/v1/detect", json={}) for _ in range(20)))
    assert {r.status_code for r in replies} == {200}


async def test_byte_budget_sheds_large_notes_but_never_a_lone_one() -> None:
    release = asyncio.Event()
    mw = AdmissionMiddleware(_app(release), max_in_flight=10, max_bytes_in_flight=100)
    big = "x" * 52  # {"t":"…"} is 60 bytes on the wire
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mw), base_url="http://edge") as c:
        first = asyncio.create_task(c.post("/api/v1/detect", json={"t": big}))
        while mw.in_flight < 1:
            await asyncio.sleep(0.01)
        assert mw.bytes_in_flight == 60
        shed = await c.post("/api/v1/detect", json={"t": big})
        assert shed.status_code == 503 and shed.headers["Retry-After"] == "1"
        # a small note still fits beside it, and job uploads never count against the byte budget
        small = asyncio.create_task(c.post("/api/v1/detect", json={"t": "y"}))
        upload = asyncio.create_task(c.post("/api/v1/jobs", json={"t": big * 10}))
        assert (await upload).status_code == 200
        release.set()
        assert [r.status_code for r in await asyncio.gather(first, small)] == [200, 200]
        assert (mw.in_flight, mw.bytes_in_flight) == (0, 0)
        # alone, a note larger than the whole budget is admitted
        assert (await c.post("/api/v1/detect", json={"t": big * 5})).status_code == 200
