"""ONNX token-classification runner: fast tokenizer + sliding windows + word-level span decoding.

Model folder layout (what `training/build_model.py` writes; any exported BERT-style token classifier
works with at least `model.onnx` + `tokenizer.json` + either `labels.json` or HF `config.json`):

    model.onnx        int8 (or fp32) graph; inputs input_ids / attention_mask [/ token_type_ids]
    tokenizer.json    HF fast tokenizer (offsets are code-point offsets into the text)
    labels.json       {"labels": ["O", "B-NAME", ...], "entity_map": {"NAME": "NAME", "ID": "OTHER_ID", ...}}
    thresholds.json   {"default": 0.5, "per_type": {"NAME": 0.41, ...}}   (model label types, optional)
    meta.json         {"name": ..., "version": ..., "word_split": ...}       (optional; words.py)

Confidence: for each word the model's probability mass of the best entity type, P(t) = P(B-t) + P(I-t), and
for a person's or a place's name half the mass of the other such types, p = P(t) + RIVAL_SHARE * (P(named) - P(t)):
where the model is unsure which kind of name a word is ("was seen in malone icu": a place 0.40, a person 0.30), it
is still sure the word is PHI, and that doubt must not drop it. p is mapped piecewise-linearly so that the
calibrated per-type threshold lands on 0.5:
    conf = 0.5 * p / thr            if p < thr
    conf = 0.5 + 0.5 * (p - thr) / (1 - thr)  otherwise
so a caller threshold of 0.5 means "the calibrated operating point"; lower keeps more recall.
Spans below `min_confidence` (default 0.25) are not emitted at all; the resolver applies the caller's
threshold to the rest.  Nothing here logs text.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from phiguard.inference.engine.span import Span
from phiguard.inference.model.words import check_split, word_heads

CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
# How much of the other named types' mass a word's confidence counts besides its best type's (see above). On the
# held-out carriers with injected PHI, counting half found 0.970 of it against 0.963 with none, counting all 0.971;
# all raised the false alarms on held-out prose and the labelled notes' misreadings more (precision 0.968 against
# 0.971), and half over every type, dates and numbers too, still cost 0.001 there.
RIVAL_SHARE = 0.5
# The types whose words the model confuses with each other: a person's name, a hospital's and a town's are often one
# word ("was seen in malone icu"). A date's or a number's doubt with them is a doubt that the token is PHI at all.
NAMED_TYPES = frozenset({"NAME", "PROVIDER", "ORGANIZATION", "LOCATION"})


def auto_providers() -> tuple[str, ...]:
    """CUDA first when this onnxruntime build has it (onnxruntime-gpu on GPU nodes), CPU always last."""
    avail = ort.get_available_providers()
    return tuple(p for p in (CUDA, CPU) if p in avail) or (CPU,)


def preload_cuda_libraries() -> None:
    """Load CUDA and cuDNN from the nvidia-* pip wheels (onnxruntime-gpu[cuda,cudnn], as the GPU image installs
    them) before the CUDA provider is dlopen'ed: they live in site-packages, off the loader's search path.
    Best effort: without them the provider fails to load and the active provider says so."""
    preload = getattr(ort, "preload_dlls", None)
    if preload is not None:
        try:
            preload()
        except Exception:  # noqa: BLE001 - the session's active provider is the real verdict
            pass


def default_model_dir() -> Path:
    """`$PHIGUARD_MODEL_DIR`, else `<repo>/models/<name in models/DEFAULT>`."""
    env = os.environ.get("PHIGUARD_MODEL_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        d = parent / "models" / "DEFAULT"
        if d.is_file():
            return parent / "models" / d.read_text().strip()
    raise FileNotFoundError("no PHIGUARD_MODEL_DIR and no models/DEFAULT found above " + str(here))


@dataclass(frozen=True)
class _Window:
    doc: int
    start: int  # token index into the document's encoding
    ids: np.ndarray  # with special tokens


def _calibrate(p: np.ndarray, thr: np.ndarray) -> np.ndarray:
    thr = np.clip(thr, 1e-3, 1 - 1e-3)
    return np.where(p < thr, 0.5 * p / thr, 0.5 + 0.5 * (p - thr) / (1 - thr))


def session_options(intra_op_threads: int) -> ort.SessionOptions:
    """How the runner sets up onnxruntime: `intra_op_threads` per run (0: one per core), runs one at a time inside
    a session's call, every graph optimisation on."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = int(intra_op_threads)
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return so


def window_starts(n: int, length: int, overlap: int) -> list[tuple[int, int]]:
    """(start, width) of each window over `n` tokens: k = the fewest windows of at most `length` tokens that
    overlap by at least `overlap`, each ceil((n + (k - 1) * overlap) / k) wide, starts spread evenly."""
    if n <= length:
        return [(0, n)]
    k = -(-(n - overlap) // (length - overlap))
    width = min(length, -(-(n + (k - 1) * overlap) // k))
    return [(round(i * (n - width) / (k - 1)), width) for i in range(k)]


class ModelRunner:
    def __init__(
        self,
        model_dir: Path,
        providers: Sequence[str] = (CPU,),
        intra_op_threads: int = 0,
        window_tokens: int = 128,
        stride_tokens: int = 32,
        label_map_path: Path | None = None,
        *,
        model_file: str = "model.onnx",
        max_windows_per_run: int | None = None,
        min_confidence: float = 0.25,
        thresholds_path: Path | None = None,
    ) -> None:
        model_dir = Path(model_dir)
        if window_tokens < 8:
            raise ValueError("window_tokens must be >= 8")
        self.model_dir = model_dir
        self.window_tokens = int(window_tokens)
        self.content_tokens = self.window_tokens - 2
        self.stride_tokens = max(1, min(int(stride_tokens), self.content_tokens // 2))
        self.min_confidence = float(min_confidence)

        meta_path = model_dir / "meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        self.name: str = meta.get("name", model_dir.name)
        self.version: str = str(meta.get("version", "unknown"))
        self.word_split: str = check_split(str(meta.get("word_split", "")))

        # ---- labels and the model-label -> entity-type map (label_map_path overrides)
        labels, entity_map = self._load_labels(model_dir)
        if label_map_path is not None:
            override = json.loads(Path(label_map_path).read_text())
            if "labels" in override:
                labels = list(override["labels"])
            entity_map = dict(override.get("entity_map", override if "labels" not in override else entity_map))
        self.labels = labels
        self.entity_map = {k: v for k, v in entity_map.items() if v}
        types: list[str] = []
        for lab in labels:
            if lab != "O" and lab[2:] not in types:
                types.append(lab[2:])
        self.model_types = types
        n_lab = len(labels)
        # [n_labels, n_types] matrices summing B and I probabilities per type
        self._type_mass = np.zeros((n_lab, len(types)), dtype=np.float32)
        self._type_begin = np.zeros((n_lab, len(types)), dtype=np.float32)
        for i, lab in enumerate(labels):
            if lab == "O":
                continue
            t = types.index(lab[2:])
            self._type_mass[i, t] = 1.0
            if lab.startswith(("B-", "S-", "U-")):
                self._type_begin[i, t] = 1.0

        # which types are names of people or places: a word's doubt between them is no doubt that it is PHI
        self._named = np.array([self.entity_map.get(t) in NAMED_TYPES for t in types], dtype=bool)

        th_path = thresholds_path or (model_dir / "thresholds.json")
        th = json.loads(Path(th_path).read_text()) if Path(th_path).is_file() else {}
        default_thr = float(th.get("default", 0.5))
        per = th.get("per_type", {})
        self._thr = np.array([float(per.get(t, default_thr)) for t in types], dtype=np.float32)

        # ---- tokenizer: raw content tokens; specials are added per window
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        cls_tok, sep_tok = meta.get("cls_token", "[CLS]"), meta.get("sep_token", "[SEP]")
        self.cls_id = self.tokenizer.token_to_id(cls_tok)
        self.sep_id = self.tokenizer.token_to_id(sep_tok)
        if self.cls_id is None or self.sep_id is None:
            self.cls_id, self.sep_id = self.tokenizer.token_to_id("<s>"), self.tokenizer.token_to_id("</s>")
        self.pad_id = int(meta.get("pad_id", self.tokenizer.token_to_id("[PAD]") or 0))

        # ---- onnxruntime session
        so = session_options(intra_op_threads)
        avail = set(ort.get_available_providers())
        wanted = [p for p in providers if p in avail] or [CPU]
        if CUDA in wanted:
            preload_cuda_libraries()
        self.session = ort.InferenceSession(str(model_dir / model_file), sess_options=so, providers=wanted)
        self.execution_provider: str = self.session.get_providers()[0]
        # On CPU one window per run is fastest for int8 (PERF-FACTS) and keeps results independent of
        # what else is in the batch (dynamic quantization scales activations per run); GPUs want big runs.
        if max_windows_per_run is None:
            max_windows_per_run = 1 if self.execution_provider == CPU else 32
        self.max_windows_per_run = max(1, int(max_windows_per_run))
        self._inputs = {i.name for i in self.session.get_inputs()}
        self._lock = threading.Lock()  # only guards counters; ORT run() is thread-safe
        self.tokens_processed = 0

    # ------------------------------------------------------------------ config
    @staticmethod
    def _load_labels(model_dir: Path) -> tuple[list[str], dict[str, str]]:
        lp = model_dir / "labels.json"
        if lp.is_file():
            d = json.loads(lp.read_text())
            return list(d["labels"]), dict(d.get("entity_map", {}))
        cp = model_dir / "config.json"
        if cp.is_file():  # a plain HF/optimum export
            id2label = json.loads(cp.read_text())["id2label"]
            labels = [id2label[str(i)] for i in range(len(id2label))]
            types = {lab[2:] for lab in labels if lab != "O"}
            return labels, {t: t.upper() for t in types}
        raise FileNotFoundError(f"{model_dir}: no labels.json or config.json with id2label")

    # ------------------------------------------------------------------ windows
    def _windows(self, doc: int, ids: list[int]) -> list[_Window]:
        """As few windows as cover the document with at least `stride_tokens` of overlap between neighbours,
        all of one length, spread evenly: a 130-token note is two windows of 81 content tokens rather than two
        of 126, so the network sees no more tokens than coverage and the overlap need."""
        return [_Window(doc, s, np.array([self.cls_id, *ids[s : s + w], self.sep_id], dtype=np.int64))
                for s, w in window_starts(len(ids), self.content_tokens, self.stride_tokens)]

    def _run(self, windows: list[_Window]) -> list[np.ndarray]:
        """Softmax probabilities per window (content tokens only), padded runs of similar length."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        probs: list[np.ndarray | None] = [None] * len(windows)
        for c in range(0, len(order), self.max_windows_per_run):
            chunk = order[c : c + self.max_windows_per_run]
            T = max(len(windows[i].ids) for i in chunk)
            ids = np.full((len(chunk), T), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), T), dtype=np.int64)
            for r, i in enumerate(chunk):
                w = windows[i].ids
                ids[r, : len(w)] = w
                mask[r, : len(w)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            feeds = {k: v for k, v in feeds.items() if k in self._inputs}
            logits = self.session.run(None, feeds)[0].astype(np.float32)
            logits -= logits.max(-1, keepdims=True)
            e = np.exp(logits)
            p = e / e.sum(-1, keepdims=True)
            for r, i in enumerate(chunk):
                n = len(windows[i].ids)
                probs[i] = p[r, 1 : n - 1]
            with self._lock:
                self.tokens_processed += int(mask.sum())
        return probs  # type: ignore[return-value]

    # ------------------------------------------------------------------ predict
    def predict(self, texts: Sequence[str]) -> list[list[Span]]:
        texts = list(texts)
        if not texts:
            return []
        encs = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        windows: list[_Window] = []
        for d, enc in enumerate(encs):
            if enc.ids:
                windows.extend(self._windows(d, enc.ids))
        probs = self._run(windows) if windows else []
        n_lab = len(self.labels)
        # per document: for each token keep the prediction from the window where it is most central
        tok_probs = [np.zeros((len(e.ids), n_lab), dtype=np.float32) for e in encs]
        margin = [np.full(len(e.ids), -1, dtype=np.int64) for e in encs]
        for w, p in zip(windows, probs):
            n = p.shape[0]
            idx = np.arange(w.start, w.start + n)
            m = np.minimum(np.arange(n), np.arange(n)[::-1])
            better = m > margin[w.doc][idx]
            tok_probs[w.doc][idx[better]] = p[better]
            margin[w.doc][idx[better]] = m[better]
        return [self._decode(texts[d], encs[d], tok_probs[d]) for d in range(len(texts))]

    def _decode(self, text: str, enc, tp: np.ndarray) -> list[Span]:
        if tp.shape[0] == 0:
            return []
        heads = word_heads(text, enc.word_ids, enc.offsets, self.word_split)
        if not heads:
            return []
        first_tok, starts, ends = (list(col) for col in zip(*heads, strict=True))
        wp = tp[np.array(first_tok)]  # [W, n_labels]
        mass = wp @ self._type_mass  # [W, T]
        begin = wp @ self._type_begin
        best = mass.argmax(-1)
        p_best = mass[np.arange(len(best)), best]
        rivals = np.where(self._named[best], mass[:, self._named].sum(-1) - p_best, 0.0)
        conf = _calibrate(p_best + RIVAL_SHARE * rivals, self._thr[best])
        is_begin = begin[np.arange(len(best)), best] > (p_best - begin[np.arange(len(best)), best])
        spans: list[Span] = []
        W = len(first_tok)
        i = 0
        while i < W:
            if conf[i] < self.min_confidence or not self._wordish(text, starts[i], ends[i]):
                i += 1
                continue
            t = best[i]
            j = i + 1
            while j < W and best[j] == t and conf[j] >= self.min_confidence and not (is_begin[j] and self._wordish(text, starts[j], ends[j]) and self._gap(text, ends[j - 1], starts[j])):
                j += 1
            # trim trailing punctuation words
            k = j
            while k > i + 1 and not self._wordish(text, starts[k - 1], ends[k - 1]):
                k -= 1
            etype = self.entity_map.get(self.model_types[t])
            if etype:
                c = float(np.mean(conf[i:k]))
                spans.append(Span(int(starts[i]), int(ends[k - 1]), etype, round(min(1.0, c), 4), f"model:{self.name}"))
            i = j
        return spans

    @staticmethod
    def _wordish(text: str, s: int, e: int) -> bool:
        return any(ch.isalnum() for ch in text[s:e])

    @staticmethod
    def _gap(text: str, prev_end: int, start: int) -> bool:
        """A new B- word only splits a span when whitespace separates it from the previous word."""
        between = text[prev_end:start]
        return between != "" and between.strip() == ""
