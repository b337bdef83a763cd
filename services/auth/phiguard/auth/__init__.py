"""PHIGuard auth service: API keys, roles, rate limits and security audit over gRPC."""
