"""The five replacement strategies of DESIGN.md and the one function that applies them to a text."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from phiguard.common.strategies import STRATEGIES as STRATEGIES  # the one list, re-exported
from phiguard.inference.engine.span import Span
from phiguard.inference.engine.state import DeidState, keyed_digest
from phiguard.inference.engine.surrogates import SurrogateGenerator, normalize

REDACTION_CHAR = "█"
# Hex digits of a hash tag: 16 (64 bits), so two values of one tenant share a tag only by a 1-in-2^64 chance.
HASH_TAG_HEX = 16


def tenant_key(secret: bytes, tenant: str) -> bytes:
    """The hash strategy's key for one tenant (the API key that asked): derived from the server secret, so
    tenants share nothing and one tenant's tags cannot be reproduced by hashing guesses under another key."""
    return keyed_digest(secret, b"hash-tenant", tenant)


def hash_tag(secret: bytes, entity_type: str, value: str, tenant: str = "") -> str:
    key = tenant_key(secret, tenant)
    digest = hmac.new(key, f"{entity_type}\x1f{normalize(entity_type, value)}".encode(), hashlib.sha256)
    return f"[{entity_type}_{digest.hexdigest()[:HASH_TAG_HEX]}]"


def apply_strategy(
    text: str, spans: Sequence[Span], strategy: str, secret: bytes, state: DeidState, tenant: str = ""
) -> tuple[str, dict[str, str]]:
    """Replace each (non-overlapping, sorted) span; every character outside spans is kept as is. `tenant` keys
    the hash strategy (the edge sends the caller's API key id)."""
    surrogates = None
    if strategy == "surrogate":
        # A fake must never coincide with a real value of the same document (Sarah Johnson -> "John Smith").
        avoid = {text[s.start : s.end].casefold() for s in spans}
        avoid |= {
            w.casefold()
            for s in spans
            if s.entity_type in ("NAME", "PROVIDER")
            for w in text[s.start : s.end].replace(",", " ").split()
        }
        surrogates = SurrogateGenerator(secret, state.seed, avoid)
    out: list[str] = []
    replacements: dict[str, str] = {}
    cache: dict[tuple[str, str], str] = {}
    pos = 0
    for span in spans:
        original = text[span.start : span.end]
        et = span.entity_type
        if strategy == "placeholder":
            new = f"[{et}]"
        elif strategy == "consistent":
            new = f"[{et}_{state.tag_number(secret, et, normalize(et, original))}]"
        elif strategy == "redact":
            new = REDACTION_CHAR * len(original)
        elif strategy == "hash":
            new = hash_tag(secret, et, original, tenant)
        elif strategy == "surrogate":
            assert surrogates is not None
            new = cache.get((et, original)) or cache.setdefault((et, original), surrogates.generate(et, original))
        else:  # validated by the engine; kept so a new name cannot slip through unreplaced
            raise ValueError("unknown strategy")
        out.append(text[pos : span.start])
        out.append(new)
        replacements[original] = new
        pos = span.end
    out.append(text[pos:])
    return "".join(out), replacements
