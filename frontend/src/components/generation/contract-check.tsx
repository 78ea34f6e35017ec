import { CheckCircle2, CircleDashed, XCircle } from "lucide-react";
import type { ReactNode } from "react";

import type { ContractProblem } from "@/lib/contract-problems";

/** One rule as the server's check judged it; `ok` is null while there is no verdict on what is typed. */
export function Check({ ok, children }: { ok: boolean | null; children: ReactNode }) {
  return (
    <li className="flex items-start gap-2 text-sm">
      {ok === null ? (
        <CircleDashed aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
      ) : ok ? (
        <CheckCircle2 aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success" />
      ) : (
        <XCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-destructive" />
      )}
      <span>
        <span className="sr-only">{ok === null ? "Not checked yet: " : ok ? "Met: " : "Not met: "}</span>
        {children}
      </span>
    </li>
  );
}

/** Broken rules, each with the field it names. */
export function ProblemList({ problems }: { problems: ContractProblem[] }) {
  return (
    <ul className="grid list-disc gap-1 ps-4 text-sm">
      {problems.map((problem, index) => (
        <li key={`${String(index)}-${problem.field}`}>
          <span className="font-mono text-xs">{problem.field}</span>: {problem.message}
        </li>
      ))}
    </ul>
  );
}
