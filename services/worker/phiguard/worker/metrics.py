"""Prometheus metrics of the worker. Labels are outcomes and codes only, never ids or text."""

from prometheus_client import Counter, Histogram

JOBS = Counter("phiguard_worker_jobs_total", "Jobs ended by this worker", ["outcome"])
DOCUMENTS = Counter("phiguard_worker_documents_total", "Documents de-identified")
CHUNKS = Counter("phiguard_worker_chunks_total", "Windows sent to inference")
CHARS = Counter("phiguard_worker_chars_total", "Characters de-identified")
CLAIMS = Counter("phiguard_worker_claims_total", "Entries claimed from workers that stopped touching them")
RELEASES = Counter("phiguard_worker_releases_total", "Jobs handed back to the queue on shutdown")
RETRIES = Counter("phiguard_worker_inference_retries_total", "Inference calls retried", ["code"])
INFERENCE_SECONDS = Histogram("phiguard_worker_inference_seconds", "Duration of one inference call",
                              buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
JOB_SECONDS = Histogram("phiguard_worker_job_seconds", "Time from pick-up to end of a job",
                        buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600))
