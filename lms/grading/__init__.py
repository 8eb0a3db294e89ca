"""Grading promotion exams' scenario answers: the graders' queue and the grading page."""
