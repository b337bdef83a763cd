"""Prometheus metrics of the edge. Labels are methods, route templates and status codes only."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("phiguard_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_LATENCY = Histogram("phiguard_http_request_duration_seconds", "Time to the first response byte",
                         ["method", "route"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))

# The public gRPC API's calls are counted by the shared interceptor (phiguard_grpc_server_requests_total and
# phiguard_grpc_server_duration_seconds, service="DeidentificationService"); streams add these.
GRPC_STREAM_DOCUMENTS = Counter("phiguard_grpc_stream_documents_total", "Documents answered on DeidentifyStream calls")
GRPC_STREAM_UNANSWERED = Histogram(
    "phiguard_grpc_stream_unanswered_documents",
    "Documents of a DeidentifyStream read but not yet answered, observed as each is read (never above the window)",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096))
