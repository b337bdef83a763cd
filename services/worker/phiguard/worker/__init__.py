"""PHIGuard worker."""
