"""BLAKE2b and a constant-time comparison, without loading OpenSSL.

``hashlib`` and ``hmac`` load OpenSSL's bindings when imported: about 2.5 ms at every
start of the app, on the way to the home screen's counts, for hashes that never use them.
BLAKE2b is CPython's own (``hashlib.blake2b`` is ``_blake2.blake2b``) and ``hmac``'s
comparison falls back to ``_operator``'s; both are taken from there directly, or from
``hashlib`` and ``hmac`` on a Python that lacks them.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always builds it
    from hashlib import blake2b

try:
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover - CPython always has it
    from hmac import compare_digest  # type: ignore[no-redef]

__all__ = ["blake2b", "compare_digest"]
