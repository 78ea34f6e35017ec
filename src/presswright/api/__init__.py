"""The REST API: a thin front door over the library (FastAPI), served by `presswright serve`.

Routes parse input, check the caller's role, call library functions and let library
errors become problem+json answers (see :mod:`presswright.api.problems`).
"""

from presswright.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
