"""HR's certification records: transcripts, level distribution and the training report."""
