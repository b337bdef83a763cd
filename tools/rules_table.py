"""Write the engine README's rule list from the recognizer registry (`make rules-table`).

Every rule is listed by its qualified name ("phone:us"), the name `disabled_recognizers` takes. A test
compares the README with `table()`, so the list cannot drift from the rules.
"""

from __future__ import annotations

from pathlib import Path

from phiguard.inference.engine.recognizers import RecognizerRegistry, default_recognizers

README = Path(__file__).resolve().parent.parent / "services/inference/phiguard/inference/engine/README.md"
BEGIN = "<!-- rules-table:begin -->"
END = "<!-- rules-table:end -->"


def rows() -> list[tuple[str, str, str]]:
    """(name, entity types, description) of every rule, in the order they run."""
    registry = RecognizerRegistry(default_recognizers())
    return [(name, ", ".join(rule.entity_types), rule.description) for name, rule in registry.rules.items()]


def table() -> str:
    lines = ["| rule | types | finds |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {types} | {what.replace('|', '/')} |" for name, types, what in rows()]
    return "\n".join([BEGIN, *lines, END])


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    README.write_text(text[:start] + table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
