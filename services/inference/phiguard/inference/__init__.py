"""PHIGuard inference."""
