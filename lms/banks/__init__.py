"""Question banks for admins and designated authors: browse, preview, retire, and build exams from them."""
