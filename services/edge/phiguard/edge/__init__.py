"""PHIGuard edge."""
