"""`phiguard detect|deidentify|redact [--strategy S] [--types T,...] [FILE ...|-]` and
`phiguard jobs list|get|wait`.

Files are processed one by one, results written next to each input (note.txt → note.deid.txt or
note.phi.json); `-` or no file reads stdin and writes stdout. `jobs` reads async jobs: a listing
(newest first), one job's status as JSON, or a progress bar until the job ends.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from phiguard_client.client import PhiGuardClient
from phiguard_client.models import JobStatus, PhiGuardError

# This package installs on its own (httpx and tqdm only), so it keeps its own copy of the server's list;
# tests/platform/test_shared_definitions.py holds it equal to phiguard.common.strategies.
STRATEGIES = ("placeholder", "consistent", "redact", "hash", "surrogate")
# Likewise the job states; tests/edge/test_client_cli.py holds them equal to phiguard.common.jobs.keys.STATUSES.
JOB_STATES = ("queued", "running", "succeeded", "failed", "cancelled")


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
    jobs = commands.add_parser("jobs", help="list async jobs, show one, wait for one to end, or delete one")
    job_commands = jobs.add_subparsers(dest="job_command", required=True)
    listing = job_commands.add_parser("list", help="jobs, newest first (your key's, unless --key-id/--all-keys)")
    listing.add_argument("--status", action="append", choices=JOB_STATES, help="only jobs in this state (repeatable)")
    whose = listing.add_mutually_exclusive_group()
    whose.add_argument("--key-id", help="another key's jobs (admins)")
    whose.add_argument("--all-keys", action="store_true", help="every key's jobs (admins)")
    listing.add_argument("--limit", type=int, default=20, help="most jobs to show (default 20)")
    listing.add_argument("--json", action="store_true", help="one JSON object per job instead of a table")
    get = job_commands.add_parser("get", help="a job's status, as JSON")
    get.add_argument("job_id")
    delete = job_commands.add_parser("delete", help="delete a job now: its record, inputs and results")
    delete.add_argument("job_id")
    wait = job_commands.add_parser("wait", help="show progress until the job ends; exit 1 unless it succeeded")
    wait.add_argument("job_id")
    wait.add_argument("--wait-timeout", type=float, help="give up after this many seconds (default: never)")
    wait.add_argument("--poll-interval", type=float, default=1.0,
                      help="seconds between status polls when no event stream gets through")
    return parser


def _status_json(status: JobStatus) -> str:
    return json.dumps(asdict(status), ensure_ascii=False)


def _jobs(client: PhiGuardClient, args: argparse.Namespace) -> int:
    if args.job_command == "get":
        print(_status_json(client.get_job(args.job_id)))
        return 0
    if args.job_command == "delete":
        client.delete_job(args.job_id)
        print(f"deleted {args.job_id}", file=sys.stderr)
        return 0
    if args.job_command == "list":
        found = client.iter_jobs(status=args.status, key_id=args.key_id, all_keys=args.all_keys,
                                 page_size=min(max(args.limit, 1), 100))
        shown = list(itertools.islice(found, max(args.limit, 0)))
        if args.json:
            for status in shown:
                print(_status_json(status))
        else:
            print(f"{'JOB ID':32}  {'STATUS':9}  {'DOCUMENTS':>11}  {'CREATED':24}  KEY")
            for s in shown:
                print(f"{s.job_id:32}  {s.status:9}  {f'{s.progress.done}/{s.progress.total}':>11}  "
                      f"{s.created_at:24}  {s.key_id or ''}")
        return 0
    with tqdm(unit="doc", file=sys.stderr, desc=args.job_id[:8]) as bar:
        def show(status: JobStatus) -> None:
            bar.total = status.progress.total
            bar.n = status.progress.done
            bar.set_postfix_str(status.status, refresh=False)
            bar.refresh()

        final = client.wait_job(args.job_id, on_progress=show, timeout=args.wait_timeout,
                                poll_interval=args.poll_interval)
    print(_status_json(final))
    if final.status != "succeeded":
        print(f"phiguard: job {final.job_id} {final.status}" + (f": {final.error}" if final.error else ""),
              file=sys.stderr)
        return 1
    return 0


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
        if args.command == "jobs":
            try:
                return _jobs(client, args)
            except (PhiGuardError, TimeoutError) as exc:
                print(f"phiguard: {exc}", file=sys.stderr)
                return 1
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
