"""Async jobs shared by the edge (submit, read, cancel) and the worker (run): Redis layout and chunking."""
