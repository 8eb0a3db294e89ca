"""Tests of /api/v1 and the API tokens."""
