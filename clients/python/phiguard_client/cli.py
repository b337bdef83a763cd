"""`phiguard detect|deidentify|redact [--strategy S] [--types T,...] [FILE ...|-]`.

Files are processed one by one, results written next to each input (note.txt → note.deid.txt or
note.phi.json); `-` or no file reads stdin and writes stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from phiguard_client.client import PhiGuardClient
from phiguard_client.models import PhiGuardError

# This package installs on its own (httpx and tqdm only), so it keeps its own copy of the server's list;
# tests/platform/test_shared_definitions.py holds it equal to phiguard.common.strategies.
STRATEGIES = ("placeholder", "consistent", "redact", "hash", "surrogate")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="phiguard", description="Find and remove PHI with a PHIGuard server.")
    parser.add_argument("--url", help="server URL (default: $PHIGUARD_URL or http://127.0.0.1:8000)")
    parser.add_argument("--api-key", help="API key (default: $PHIGUARD_API_KEY)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("detect", "list the PHI found, as JSON"),
                            ("deidentify", "replace PHI using a strategy"),
                            ("redact", "black out PHI with █")):
        sub = commands.add_parser(name, help=help_text)
        if name == "deidentify":
            sub.add_argument("--strategy", choices=STRATEGIES, default="placeholder")
        sub.add_argument("--types", help="comma-separated entity types to act on (default: all)")
        sub.add_argument("--threshold", type=float, default=0.5, help="confidence threshold 0–1")
        sub.add_argument("--stdout", action="store_true", help="write results to stdout instead of next to inputs")
        sub.add_argument("files", nargs="*", default=["-"], help="text files, or - for stdin")
    return parser


def _run_one(client: PhiGuardClient, args: argparse.Namespace, text: str) -> tuple[str, str]:
    """(output text, output suffix) for one input."""
    types = [t.strip().upper() for t in args.types.split(",")] if args.types else None
    if args.command == "detect":
        result = client.detect(text, entity_types=types, confidence_threshold=args.threshold)
        return json.dumps(asdict(result), indent=2, ensure_ascii=False) + "\n", ".phi.json"
    if args.command == "redact":
        result = client.redact(text, entity_types=types, confidence_threshold=args.threshold)
    else:
        result = client.deidentify(text, strategy=args.strategy, entity_types=types,
                                   confidence_threshold=args.threshold)
    return result.deidentified_text, ".deid.txt"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    failures = 0
    with PhiGuardClient(args.url, args.api_key, timeout=args.timeout) as client:
        files = args.files
        for name in tqdm(files, disable=len(files) < 2, unit="file", file=sys.stderr):
            try:
                if name == "-":
                    output, _ = _run_one(client, args, sys.stdin.read())
                    sys.stdout.write(output)
                    continue
                path = Path(name)
                output, suffix = _run_one(client, args, path.read_text(encoding="utf-8"))
                if args.stdout:
                    sys.stdout.write(output)
                else:
                    path.with_name(path.stem + suffix).write_text(output, encoding="utf-8")
            except PhiGuardError as exc:
                failures += 1
                print(f"phiguard: {name}: {exc}", file=sys.stderr)
            except OSError as exc:
                failures += 1
                print(f"phiguard: {name}: {exc.strerror}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
