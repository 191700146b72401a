"""Exports: Anki packages and exam papers."""
