"""Pages of background jobs: progress, then the result."""
