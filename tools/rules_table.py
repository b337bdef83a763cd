"""Write the engine README's rule list from the recognizer registry (`make rules-table`).

Every rule is listed by its qualified name ("phone:us"), the name `disabled_recognizers` takes; a
recognizer not split into rules is listed whole, described by its docstring. A test compares the
README with `table()`, so the list cannot drift from the rules.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from phiguard.inference.engine.recognizers import RecognizerRegistry, RuleRecognizer, default_recognizers

README = Path(__file__).resolve().parent.parent / "services/inference/phiguard/inference/engine/README.md"
BEGIN = "<!-- rules-table:begin -->"
END = "<!-- rules-table:end -->"


def _summary(recognizer: object) -> str:
    """The first sentence of the recognizer's docstring, else of its module's."""
    doc = type(recognizer).__doc__ or sys.modules[type(recognizer).__module__].__doc__ or ""
    text = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())
    return text.split(". ")[0].rstrip(".")


def rows() -> list[tuple[str, str, str]]:
    """(name, entity types, description) of every rule and every whole recognizer, in the order they run."""
    out: list[tuple[str, str, str]] = []
    for recognizer in RecognizerRegistry(default_recognizers()).recognizers:
        if isinstance(recognizer, RuleRecognizer):
            out += [(n, ", ".join(r.entity_types), r.description) for n, r in recognizer.named_rules.items()]
        else:
            out.append((recognizer.name, ", ".join(recognizer.entity_types), _summary(recognizer)))
    return out


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
