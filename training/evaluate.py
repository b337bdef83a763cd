"""Span-level evaluation (overlap matching), per type precision AND recall.

recall   = gold spans overlapped by a predicted span (of any type: PHI found) / gold spans
typed    = gold spans overlapped by a predicted span of the same entity type
precision= predicted spans overlapping some gold span / predicted spans

The philter-ucsf i2b2 notes are read only for measuring (never for training or tuning).
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
MODEL_TO_ENTITY = {"ID": "OTHER_ID"}


def _ent(label: str) -> str:
    return MODEL_TO_ENTITY.get(label, label)


def evaluate_spans(gold_docs, pred_docs, collect_scores: bool = False, entity_to_model=None) -> dict:
    g_tot, g_hit, g_typed = defaultdict(int), defaultdict(int), defaultdict(int)
    p_tot, p_hit = defaultdict(int), defaultdict(int)
    scores: dict = defaultdict(lambda: ([], []))
    inv = entity_to_model or {v: k for k, v in {"OTHER_ID": "ID"}.items()}
    for (text, gold), pred in zip(gold_docs, pred_docs):
        for s, e, lab in gold:
            t = _ent(lab)
            ov = [p for p in pred if p.start < e and s < p.end]
            g_tot[t] += 1
            if ov:
                g_hit[t] += 1
            if any(p.entity_type == t for p in ov):
                g_typed[t] += 1
            if collect_scores:
                if ov:
                    best = max(ov, key=lambda p: p.confidence)
                    mt = {"OTHER_ID": "ID"}.get(best.entity_type, best.entity_type)
                    scores[mt][0].append(best.confidence)
                else:
                    scores[lab if lab != "OTHER_ID" else "ID"][0].append(0.0)
        for p in pred:
            p_tot[p.entity_type] += 1
            ok = any(p.start < e and s < p.end for s, e, _ in gold)
            if ok:
                p_hit[p.entity_type] += 1
            if collect_scores:
                scores[{"OTHER_ID": "ID"}.get(p.entity_type, p.entity_type)][1].append((p.confidence, ok))
    types = sorted(set(g_tot) | set(p_tot))
    rep = {"per_type": {}}
    for t in types:
        rep["per_type"][t] = {
            "gold": g_tot[t], "recall": round(g_hit[t] / g_tot[t], 4) if g_tot[t] else None,
            "typed_recall": round(g_typed[t] / g_tot[t], 4) if g_tot[t] else None,
            "pred": p_tot[t], "precision": round(p_hit[t] / p_tot[t], 4) if p_tot[t] else None,
        }
    G, P = sum(g_tot.values()), sum(p_tot.values())
    rep["overall"] = {
        "gold": G, "recall": round(sum(g_hit.values()) / G, 4) if G else None,
        "typed_recall": round(sum(g_typed.values()) / G, 4) if G else None,
        "pred": P, "precision": round(sum(p_hit.values()) / P, 4) if P else None,
    }
    if collect_scores:
        rep["scores"] = dict(scores)
    return rep


def evaluate_runner(runner, docs, collect_scores: bool = False, batch: int = 8) -> dict:
    preds = []
    for i in range(0, len(docs), batch):
        preds.extend(runner.predict([t for t, _ in docs[i : i + batch]]))
    return evaluate_spans(docs, preds, collect_scores)


def print_report(title: str, rep: dict) -> None:
    print(f"\n== {title}")
    print(f"{'type':<14}{'gold':>6}{'recall':>9}{'typed':>9}{'pred':>7}{'precision':>11}")
    rows = list(rep["per_type"].items()) + [("OVERALL", rep["overall"])]
    for t, r in rows:
        f = lambda v: "   -" if v is None else f"{v:.3f}"  # noqa: E731
        print(f"{t:<14}{r['gold']:>6}{f(r['recall']):>9}{f(r['typed_recall']):>9}{r['pred']:>7}{f(r['precision']):>11}")
    sys.stdout.flush()


# ----------------------------------------------------------------------------- i2b2 (measuring only)
I2B2_MAP = {
    "PATIENT": "NAME", "DOCTOR": "PROVIDER", "USERNAME": "PROVIDER", "HOSPITAL": "ORGANIZATION", "ORGANIZATION": "ORGANIZATION",
    "CITY": "LOCATION", "STREET": "LOCATION", "ZIP": "LOCATION", "STATE": None, "COUNTRY": None, "LOCATION-OTHER": "LOCATION",
    "DATE": "DATE", "PHONE": "PHONE", "FAX": "PHONE", "EMAIL": "EMAIL", "URL": "URL", "MEDICALRECORD": "MRN", "IDNUM": "OTHER_ID",
    "DEVICE": "OTHER_ID", "HEALTHPLAN": "OTHER_ID", "BIOID": "OTHER_ID", "AGE": "AGE",
}


def _philter_sdist() -> Path | None:
    dl = BUILD / "dl"
    sd = next(dl.glob("philter_ucsf-*.tar.gz"), None) if dl.is_dir() else None
    if sd is None:
        try:
            dl.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "philter-ucsf==1.0.3", "-d", str(dl)], check=True)
            sd = next(dl.glob("philter_ucsf-*.tar.gz"), None)
        except Exception as exc:  # noqa: BLE001
            print(f"philter-ucsf not available ({exc}); skipping i2b2 measurement")
            return None
    return sd


def i2b2_docs() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Gold (text, spans) for the five i2b2 notes that philter-ucsf ships; HIPAA types only
    (no PROFESSION, no state/country, ages only when > 89)."""
    sd = _philter_sdist()
    if sd is None:
        return []
    docs = []
    with tarfile.open(sd) as tf:
        for m in sorted(tf.getmembers(), key=lambda m: m.name):
            if "/data/i2b2_xml/" not in m.name or not m.name.endswith(".xml"):
                continue
            xml = tf.extractfile(m).read().decode("utf-8")
            m_text = re.search(r"<TEXT>(<!\[CDATA\[)?(.*?)(\]\]>)?</TEXT>", xml, re.S)
            text = m_text.group(2) if m_text.group(1) else html.unescape(m_text.group(2))
            spans = []
            bad = 0
            for tag in re.finditer(r"<(\w+) ([^>]*?)/>", xml.split("<TAGS>", 1)[1]):
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag.group(2)))
                typ = attrs.get("TYPE", tag.group(1))
                ent = I2B2_MAP.get(typ)
                if ent is None:
                    continue
                s, e = int(attrs["start"]), int(attrs["end"])
                if text[s:e] != html.unescape(attrs.get("text", text[s:e])):
                    bad += 1
                if ent == "AGE":
                    digits = re.sub(r"\D", "", text[s:e])
                    if not digits or int(digits) <= 89:
                        continue
                spans.append((s, e, ent))
            if bad:
                print(f"warning: {bad} i2b2 gold offsets do not match their text in {m.name}")
            docs.append((text, spans))
    return docs
