"""/docs and /redoc render in a real headless Chromium with no internet: the assets come from the edge."""

from __future__ import annotations

import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


def _rendered_dom(url: str, tmp_path) -> str:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path}", "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-1000:]
    return done.stdout


def test_swagger_ui_renders_the_operations(stack, tmp_path):
    dom = _rendered_dom(f"{stack.edge_url}/docs", tmp_path / "swagger")
    # Elements Swagger UI builds from /openapi.json: only present if its JavaScript loaded and ran.
    assert 'class="swagger-ui' in dom and "opblock" in dom
    assert "/api/v1/detect" in dom and "/api/v1/deidentify" in dom


def test_redoc_renders_the_operations(stack, tmp_path):
    dom = _rendered_dom(f"{stack.edge_url}/redoc", tmp_path / "redoc")
    assert "Find PHI in a text" in dom and "De-identify 1–100 texts" in dom
