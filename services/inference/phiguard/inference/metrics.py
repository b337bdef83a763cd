"""Prometheus metrics of the inference service: counts and sizes only, never text."""

from prometheus_client import Counter, Gauge, Histogram

ENTITIES = Counter("phiguard_entities_detected_total", "PHI spans returned, by entity type", ["entity_type"])
TEXT_CHARS = Histogram("phiguard_inference_text_chars", "Characters per Detect/Deidentify call",
                       buckets=(100, 500, 1_000, 5_000, 20_000, 100_000, 1_000_000))
BATCH_SIZE = Histogram("phiguard_inference_batch_size", "Requests per model run (dynamic batching)",
                       buckets=(1, 2, 4, 8, 16, 32, 64))
MODEL_SECONDS = Histogram("phiguard_inference_model_seconds", "Duration of one model run",
                          buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
MODEL_WAIT_SECONDS = Histogram("phiguard_inference_model_wait_seconds",
                               "Time a request spends in the batcher: queueing plus its model run",
                               buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
CHARS_PROCESSED = Counter("phiguard_inference_chars_processed_total", "Characters run through the model")
# Labelled by the engine's stage names (recognizers, resolve, neighbours, ...): a fixed, small set. The rules run
# while the model does, so "recognizers" includes whatever of the model's time was left when the rules finished.
STAGE_SECONDS = Histogram("phiguard_inference_stage_seconds", "Duration of one engine stage in one call", ["stage"],
                          buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10))


def observe_batch(size: int, seconds: float) -> None:
    BATCH_SIZE.observe(size)
    MODEL_SECONDS.observe(seconds)


def observe_stage(stage: str, seconds: float) -> None:
    STAGE_SECONDS.labels(stage).observe(seconds)


MODEL_INFO = Gauge("phiguard_model_info", "The loaded model (value 1)",
                   ["model_name", "model_version", "execution_provider"])

# Site profiles: labelled by profile name (an administrator's slug, a small set) and list or type, never text.
PROFILE_HITS = Counter("phiguard_inference_profile_hits_total", "Spans a site profile's deny lists found",
                       ["profile", "entity_type"])
PROFILE_ALLOW_VETOES = Counter("phiguard_inference_profile_allow_vetoes_total",
                               "Model or rule spans dropped because a site profile's allow list names them",
                               ["profile"])
PROFILE_COMPILE_SECONDS = Histogram("phiguard_inference_profile_compile_seconds",
                                    "Time to open and compile one version of a site profile",
                                    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
