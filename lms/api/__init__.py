"""The JSON API for HR systems (/api/v1) and HR's page for its tokens (/hr/api-tokens)."""
