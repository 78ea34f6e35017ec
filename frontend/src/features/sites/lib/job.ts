// What a site job's log says about each page: the log has one line per step attempt, in the
// order they started ("page 2 of 4: About: running"); the last line of a page is its state.

export type PageState = "waiting" | "writing" | "done" | "failed";

const PAGE_LINE = /^page (\d+) of (\d+|\?): (.*): (\w+)(?: \(.*\))?$/;
const STATE: Record<string, PageState> = { completed: "done", skipped: "done", running: "writing", failed: "failed" };

export interface PageProgress {
  number: number;
  title: string;
  state: PageState;
}

/** Each page's state from the log lines; pages the log does not name yet wait. */
export function pageProgress(log: readonly string[], titles: readonly string[]): PageProgress[] {
  const pages = new Map<number, PageProgress>();
  titles.forEach((title, index) => pages.set(index + 1, { number: index + 1, title, state: "waiting" }));
  for (const line of log) {
    const found = PAGE_LINE.exec(line);
    if (!found) continue;
    const number = Number(found[1]);
    pages.set(number, { number, title: found[3] ?? "", state: STATE[found[4] ?? ""] ?? "waiting" });
  }
  return [...pages.values()].sort((a, b) => a.number - b.number);
}

/** The site statuses of the list, as badges show them. */
export function statusVariant(status: string): "success" | "destructive" | "secondary" | "default" {
  if (status === "active") return "success";
  if (status === "failed" || status === "cancelled") return "destructive";
  if (status === "draft") return "default";
  return "secondary";
}
