"""What every connection resource (``/wordpress/sites``, ``/woocommerce/stores``) shares.

Each kind declares its own routes (their paths, id names and docs are its public contract);
the shapes come from :mod:`presswright.publish.connections` and the parts below, so a new
kind of remote site answers the same way: connect (201, 409 for a name or address taken,
502/504 when the remote refuses or does not answer), list (``?check=true`` checks now),
get one (404 for any other workspace's id), and delete (204).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from presswright.api.problems import problem_responses

__all__ = ["REMOTE_PROBLEMS", "CheckNow"]

# What a remote that refuses (502) or does not answer (504) makes of a request: never 401,
# which is about the caller's own Presswright credentials.
REMOTE_PROBLEMS = problem_responses(502, 504)
CheckNow = Annotated[
    bool, Query(description="Check each connection now instead of showing the last status.")
]
