"""services/auth/README.md stays true to the code: the role matrix and every setting."""

from __future__ import annotations

from pathlib import Path

from phiguard.auth import roles
from phiguard.auth.config import AuthSettings

README = Path(__file__).resolve().parents[2] / "services" / "auth" / "README.md"


def test_readme_carries_the_current_matrix():
    assert roles.markdown_table() in README.read_text(encoding="utf-8")


def test_readme_documents_every_setting():
    text = README.read_text(encoding="utf-8")
    for name, field in AuthSettings.model_fields.items():
        assert field.description, name
        assert f"| `PHIGUARD_{name.upper()}` |" in text, name
        assert field.description in text, name
