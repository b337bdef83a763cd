"""Prometheus metrics of the edge. Labels are methods, route templates and status codes only."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("phiguard_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
HTTP_LATENCY = Histogram("phiguard_http_request_duration_seconds", "Time to the first response byte",
                         ["method", "route"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
