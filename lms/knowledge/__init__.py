"""The team knowledge map: which key facts a team is likely to recall today, and refreshers for those who are not."""
