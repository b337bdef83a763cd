"""Prometheus metrics of the inference service: counts and sizes only, never text."""

from prometheus_client import Counter, Gauge, Histogram

ENTITIES = Counter("phiguard_entities_detected_total", "PHI spans returned, by entity type", ["entity_type"])
TEXT_CHARS = Histogram("phiguard_inference_text_chars", "Characters per Detect/Deidentify call",
                       buckets=(100, 500, 1_000, 5_000, 20_000, 100_000, 1_000_000))
MODEL_INFO = Gauge("phiguard_model_info", "The loaded model (value 1)",
                   ["model_name", "model_version", "execution_provider"])
