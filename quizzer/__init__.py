"""Quizzer: study material for massage-therapy students from structured muscle data."""

__version__ = "0.1.0"
