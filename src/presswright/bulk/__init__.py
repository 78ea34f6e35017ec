"""Bulk generation: hundreds or thousands of products or articles from one file.

Design
------
A bulk job is a row in ``bulk_jobs`` (the parent) with one row per item in ``bulk_items``.
Each item's generation is an ordinary execution of the built-in ``product`` or
``article`` flow, so every item is durable, resumable and regenerable on its own, and
every LLM call it makes goes through the provider limits all processes share
(:mod:`presswright.llm.shared_limits`). The job holds no workflow of its own: it is moved
along by a *driver* (:mod:`.runner`), a loop that any process can run and that keeps all
its state in the database::

    submit  ->  queued  --start-->  running  --run completed-->  publishing --> succeeded
                  |  \\--same key finished before--> succeeded (reused)    \\--> failed
                  |                   \\--run failed--> failed  (retry -> queued again)
                  \\--cancel--> cancelled

Why a driver rather than a parent execution: a parent flow would need node types that start
and await other executions, and would hold a worker's queue slot while its children wait for
slots of their own. The driver holds a *window* of at most ``concurrency`` running items,
so a job of 5,000 rows never floods the queue, a cancel only has the window to stop, and
progress comes straight from the items' states. ``presswright bulk run`` drives its job in
the foreground, ``--detach`` starts a driver process in the background, and the API drives
the jobs it creates as tasks of the server. A driver hands its items to its own process's
runtime, or, when a ``presswright worker`` holds this machine's executor id, to the queue.
A job whose driver died is adopted by a running worker or server within seconds
(:mod:`.adoption`), or continued by ``presswright bulk retry ID``.

What holds, and why:

* **Nothing spent on bad input.** Every row is validated (:mod:`.rows`) and the model
  checked before the job is stored; the problems of all rows are listed at once.
* **Exactly once, across crashes.** An item's execution row and its link to the item are
  written in one transaction, only while the item is queued and the job not cancelled;
  the run is handed to the runtime or the queue after that, under the workflow id DBOS
  deduplicates, and a later pass hands over again any link a crash left undispatched.
  A killed process's runs are recovered by the next process with its executor id, and the
  flow engine never repeats a node that completed. Every state change of an item is a
  conditional update, so an item ends exactly once. A driver holds a lease on the job
  (renewed each pass, taken over when it lapses or its holder on this machine is dead), so
  one process drives a job at a time; ``bulk retry ID`` continues a job cut short.
* **Reuse.** An item's key is a hash of its kind, normalized brief and model (and, when
  copy is written back to WooCommerce, the product id). An item whose key already
  succeeded (in any job of the workspace) takes that run's content instead of generating
  it again, and is reported as reused.
* **Retry only what failed.** Retrying queues failed and cancelled items again: each
  resumes its own execution from its first unfinished node, or is only published (written
  back) again.
* **Cancel.** Queued items are cancelled, running runs stopped; finished items keep their
  content.
* **Publishing.** With a WordPress site, each generated article is published as soon as
  its run completes (:func:`presswright.publish.wordpress.publish_document`, idempotent under the
  document key ``bulk:<item key>``), and the report carries the post ids and links. With a
  WooCommerce store, each row names its product (``woo_product_id``, as ``presswright wc
  export`` writes it) and each generated copy is written back to that product as soon as
  its run completes (:func:`presswright.publish.woocommerce.write_copy`, one idempotent PUT); the
  report carries the product ids and links. Either way a driver killed mid-write leaves
  the item ``publishing`` and the next driver writes it again (:mod:`.publishing`).
"""

from presswright.bulk.errors import BulkInputError, InputProblem
from presswright.bulk.items import job_items
from presswright.bulk.jobs import (
    Submitted,
    cancel_job,
    check_job,
    job_page,
    retry_job,
    submit_job,
)
from presswright.bulk.models import (
    BulkCheck,
    BulkOptions,
    BulkProgress,
    ItemReport,
    ItemStatus,
    JobItem,
    JobItemPage,
)
from presswright.bulk.progress import job_progress
from presswright.bulk.report import job_report, report_csv
from presswright.bulk.rows import BulkKind, parse_mapping
from presswright.bulk.runner import background_drivers, drive
from presswright.bulk.sources import (
    FORMATS,
    MAX_ITEMS,
    Source,
    SourceFormat,
    read_source,
    rows_source,
)

__all__ = [
    "FORMATS",
    "MAX_ITEMS",
    "BulkCheck",
    "BulkInputError",
    "BulkKind",
    "BulkOptions",
    "BulkProgress",
    "InputProblem",
    "ItemReport",
    "ItemStatus",
    "JobItem",
    "JobItemPage",
    "Source",
    "SourceFormat",
    "Submitted",
    "background_drivers",
    "cancel_job",
    "check_job",
    "drive",
    "job_items",
    "job_page",
    "job_progress",
    "job_report",
    "parse_mapping",
    "read_source",
    "report_csv",
    "retry_job",
    "rows_source",
    "submit_job",
]
