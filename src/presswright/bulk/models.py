"""The shapes of bulk generation at the boundary: how a job runs, how it stands, what it made."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from presswright.bulk.rows import BulkKind

__all__ = [
    "JOB_STATES",
    "MODEL_ID",
    "BulkCheck",
    "BulkOptions",
    "BulkProgress",
    "ItemReport",
    "ItemStatus",
    "JobItem",
    "JobItemPage",
    "JobState",
]

JobState = Literal["queued", "running", "completed", "failed", "cancelled"]
JOB_STATES: tuple[JobState, ...] = ("queued", "running", "completed", "failed", "cancelled")
ItemStatus = Literal[
    "queued", "running", "publishing", "succeeded", "reused", "failed", "cancelled"
]
# provider:model (the model part may hold colons and slashes) or a bare alias.
MODEL_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*(:[!-~]+)?$"


class BulkOptions(BaseModel):
    """How a bulk job runs: the kind of item, the model, the window, and where to publish."""

    model_config = ConfigDict(extra="forbid")

    kind: BulkKind = Field(description="product (ProductFacts rows) or article (briefs).")
    model: str | None = Field(
        default=None,
        max_length=200,
        pattern=MODEL_ID,
        description="provider:model (or an alias); default: the configured model.",
        examples=["local:smollm2"],
    )
    concurrency: int = Field(
        default=4, ge=1, le=64, description="Items generated at the same time (the window)."
    )
    publish_site: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Publish each article to this connected WordPress site (name, id or URL)"
        " as soon as it is generated; articles only.",
    )
    publish_status: Literal["draft", "publish"] = Field(
        default="draft", description="The WordPress status of published posts."
    )
    publish_store: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Write each product's copy back to its product of this connected"
        " WooCommerce store (name, id or URL) as soon as it is generated; products only."
        " Every row then names its product in a woo_product_id column.",
        examples=["shop"],
    )

    @model_validator(mode="after")
    def _one_fitting_target(self) -> BulkOptions:
        if self.publish_site is not None and self.publish_store is not None:
            raise ValueError(
                "a job publishes to one place: give publish_site (articles, WordPress) or"
                " publish_store (products, WooCommerce), not both"
            )
        if self.publish_site is not None and self.kind != "article":
            raise ValueError(
                "only articles are published to WordPress: use kind article, or leave"
                " publish_site out (products are written back with publish_store)"
            )
        if self.publish_store is not None and self.kind != "product":
            raise ValueError(
                "only products are written back to WooCommerce: use kind product, or leave"
                " publish_store out (articles are published with publish_site)"
            )
        if self.publish_store is not None and self.publish_status != "draft":
            raise ValueError(
                "publish_status is the status of WordPress posts: leave it out when writing"
                " back to a WooCommerce store (the products keep their status)"
            )
        return self


class BulkProgress(BaseModel):
    """Where a bulk job stands: counts, pace and, while it runs, the time left."""

    id: uuid.UUID
    status: JobState = Field(
        description="queued (nothing started), running, completed (every item succeeded),"
        " failed (every item ended, some failed), cancelled."
    )
    kind: BulkKind
    model: str
    source: str | None = Field(description="The name of the file the rows came from.")
    total: int = Field(ge=0)
    succeeded: int = Field(ge=0, description="Items with content (reused ones included).")
    failed: int = Field(ge=0, description="Items that ended without content (or unpublished).")
    remaining: int = Field(ge=0, description="Items queued, generating or publishing.")
    reused: int = Field(ge=0, description="Items that took an earlier job's finished content.")
    cancelled: int = Field(ge=0, description="Of the failed items, those cancelled.")
    rate_per_minute: float | None = Field(
        description="Items finished per minute since the job (or its retry) started."
    )
    eta_seconds: float | None = Field(description="Time left at the observed rate.")
    publish_site: str | None = Field(description="The site items are published to, if any.")
    publish_store: str | None = Field(
        description="The WooCommerce store products are written back to, if any."
    )
    driven: bool = Field(description="Whether a process is driving the job right now.")
    created_at: datetime
    started_at: datetime | None = Field(description="When the job (or its last retry) started.")
    finished_at: datetime | None = Field(
        description="When it ended: cancelled, or when its last item finished."
    )

    @property
    def finished(self) -> bool:
        """Whether the job has ended (completed, failed or cancelled)."""
        return self.status in ("completed", "failed", "cancelled")

    def summary(self) -> dict[str, Any]:
        """The short form `bulk run --json` and `bulk status --json` print."""
        return {
            "id": str(self.id),
            "status": self.status,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "remaining": self.remaining,
        }


class ItemReport(BaseModel):
    """One line of a job's report."""

    row: int = Field(description="The data row of the source (1-based, header excluded).")
    label: str = Field(description="The product name or article topic.")
    status: ItemStatus
    error: str | None = Field(description="Why the item failed or was cancelled.")
    execution_id: str | None = Field(description="The execution that generated the content.")
    title: str | None
    slug: str | None
    post_id: int | None = Field(description="The WordPress post id, once published.")
    post_url: str | None = Field(description="The WordPress post's address, once published.")
    product_id: int | None = Field(
        description="The WooCommerce product the copy is written back to (from the source)."
    )
    product_url: str | None = Field(
        description="The WooCommerce product's address, once the copy is written back."
    )


class BulkCheck(BaseModel):
    """How a job's source was understood by every check a submission runs (a dry run)."""

    items: int = Field(ge=0, description="The items the job would make, one per valid row.")
    kind: BulkKind
    model: str = Field(description="The model the job would run on (the default resolved).")
    source: str | None = Field(description="The name of the file the rows came from.")
    shape: str | None = Field(
        description="How a recognised layout was read (a shop's product export), if any."
    )
    columns: list[str] = Field(description="The source's columns, in order.")
    mapping: dict[str, str] = Field(
        description="Field -> the column that fills it: the mapping given, then columns by name."
    )
    ignored_columns: list[str] = Field(description="Columns no field uses.")


class JobItem(BaseModel):
    """One item of a job as it stands: where it came from, its run, its document, its outcome."""

    row: int = Field(description="The data row of the source (1-based, header excluded).")
    label: str = Field(description="The product name or article topic.")
    status: ItemStatus
    execution_id: str | None = Field(description="The execution that generates the content.")
    document_id: uuid.UUID | None = Field(description="The document of the library it fills.")
    title: str | None = Field(description="The generated title, once there is one.")
    published_url: str | None = Field(
        description="The WordPress post or WooCommerce product it went to, once it did."
    )
    product_id: int | None = Field(
        description="The WooCommerce product the copy is written back to (from the source)."
    )
    error: str | None = Field(description="Why the item failed or was cancelled.")


class JobItemPage(BaseModel):
    """One page of a job's items, in the order of the source."""

    items: list[JobItem]
    total: int = Field(ge=0, description="Items on all pages (with the state asked for).")
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")
