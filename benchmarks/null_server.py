"""A do-nothing ASGI server (uvicorn, like the edge): the bench measures each load client's own ceiling on it.

    python benchmarks/null_server.py PORT
Answers every request with 200 and a 2-byte JSON body, without reading the request body.
"""

from __future__ import annotations

import sys

import uvicorn


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b"{}"})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
