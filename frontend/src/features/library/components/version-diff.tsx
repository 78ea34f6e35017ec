import { diffWords, type ChangeObject } from "diff";
import { useMemo } from "react";

import { textDirection } from "@/lib/format";

import { flattenBody, type TextField } from "../lib/flatten";

interface FieldDiff {
  key: string;
  label: string;
  state: "changed" | "added" | "removed" | "same";
  changes: ChangeObject<string>[];
  added: number;
  removed: number;
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function diffBodies(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): FieldDiff[] {
  const left = new Map(flattenBody(before).map((field) => [field.key, field]));
  const right = flattenBody(after);
  const keys: TextField[] = [...right, ...[...left.values()].filter((field) => !right.some((other) => other.key === field.key))];
  return keys.map(({ key, label }) => {
    const old = left.get(key)?.text ?? "";
    const next = right.find((field) => field.key === key)?.text ?? "";
    const changes = old === next ? [{ value: next, added: false, removed: false, count: 1 }] : diffWords(old, next);
    let added = 0;
    let removed = 0;
    for (const change of changes) {
      if (change.added) added += words(change.value);
      if (change.removed) removed += words(change.value);
    }
    const state = old === next ? "same" : !left.has(key) ? "added" : !right.some((field) => field.key === key) ? "removed" : "changed";
    return { key, label, state, changes, added, removed };
  });
}

/**
 * A word-level diff of two versions, field by field. Removed words are struck through and
 * added ones underlined (with a text label for screen readers), so colour is never the only cue.
 */
export function VersionDiff({
  before,
  after,
  fromVersion,
  toVersion,
  language,
}: {
  before: Record<string, unknown> | null | undefined;
  after: Record<string, unknown> | null | undefined;
  fromVersion: number;
  toVersion: number;
  language: string | null;
}) {
  const fields = useMemo(() => diffBodies(before, after), [before, after]);
  const changed = fields.filter((field) => field.state !== "same");
  const same = fields.filter((field) => field.state === "same");
  const added = changed.reduce((sum, field) => sum + field.added, 0);
  const removed = changed.reduce((sum, field) => sum + field.removed, 0);

  return (
    <div className="grid gap-4">
      <p className="text-sm" aria-live="polite">
        From version {fromVersion} to version {toVersion}:{" "}
        {changed.length === 0
          ? "no difference."
          : `${changed.length} ${changed.length === 1 ? "field" : "fields"} changed, ${added} ${added === 1 ? "word" : "words"} added, ${removed} removed.`}
      </p>
      <p className="text-xs text-muted-foreground">
        <span className="rounded-sm bg-destructive/15 px-1 line-through decoration-2">struck through</span> = removed,{" "}
        <span className="rounded-sm bg-success/15 px-1 underline decoration-2 underline-offset-2">underlined</span> = added.
      </p>
      {changed.map((field) => (
        <section key={field.key} aria-labelledby={`diff-${field.key}`} className="grid gap-1 rounded-lg border p-3">
          <h2 id={`diff-${field.key}`} className="flex flex-wrap items-baseline gap-2 text-sm font-semibold">
            {field.label}
            <span className="text-xs font-normal text-muted-foreground">
              {field.state === "added" ? "new in this version" : field.state === "removed" ? "removed in this version" : `+${field.added} / −${field.removed} words`}
            </span>
          </h2>
          <p dir={textDirection(language)} lang={language ?? undefined} className="whitespace-pre-wrap break-words text-sm leading-relaxed">
            {field.changes.map((change, index) =>
              change.added ? (
                <ins key={index} className="rounded-sm bg-success/15 underline decoration-2 underline-offset-2">
                  <span className="sr-only">[added: </span>
                  {change.value}
                  <span className="sr-only">]</span>
                </ins>
              ) : change.removed ? (
                <del key={index} className="rounded-sm bg-destructive/15 line-through decoration-2">
                  <span className="sr-only">[removed: </span>
                  {change.value}
                  <span className="sr-only">]</span>
                </del>
              ) : (
                <span key={index}>{change.value}</span>
              ),
            )}
          </p>
        </section>
      ))}
      {same.length > 0 ? (
        <p className="text-sm text-muted-foreground">Unchanged: {same.map((field) => field.label).join(", ")}.</p>
      ) : null}
    </div>
  );
}
