"""PHIGuard common."""
