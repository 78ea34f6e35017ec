"""Fixtures of the site flow tests: the fake model answering the flow and a runtime."""

from tests.sites.provisioned import provisioned
from tests.sites.site_runs import model, runtime

__all__ = ["model", "provisioned", "runtime"]
