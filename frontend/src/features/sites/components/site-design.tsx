import { Palette } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/problems";

import { useRegenerateDesign, type SitePublic, type SiteStarted } from "../api/sites";

interface Check {
  foreground: string;
  background: string;
  ratio: number;
  minimum: number;
  use: string;
}
interface Font {
  slug: string;
  name: string;
  generic: string;
}
interface Design {
  palette?: Record<string, string>;
  contrast?: Check[];
  fonts?: { heading?: Font; body?: Font; script?: string };
  changes?: { slot: string; before: string; after: string; reason: string }[];
}

function Swatch({ color }: { color: string | undefined }) {
  return <span aria-hidden="true" className="inline-block size-4 rounded-sm border align-middle" style={{ backgroundColor: color ?? "transparent" }} />;
}

/** The palette and fonts chosen, and every text/background pair's contrast ratio against its WCAG AA minimum. */
export function SiteDesign({ site, busy, onStarted }: { site: SitePublic; busy: boolean; onStarted: (started: SiteStarted) => void }) {
  const redo = useRegenerateDesign(site.id);
  const design = (site.design ?? {}) as Design;
  const palette = Object.entries(design.palette ?? {});
  const checks = design.contrast ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Design</CardTitle>
        <CardDescription>The theme's palette and font pairing. Every text colour is checked against its background with the WCAG formula; a colour that failed was moved until it passed.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Palette">
          {palette.map(([slot, color]) => (
            <li key={slot} className="flex items-center gap-2 rounded-md border p-2 text-sm">
              <span aria-hidden="true" className="size-8 shrink-0 rounded border" style={{ backgroundColor: color }} />
              <span>
                <span className="block font-medium">{slot.replace(/_/g, " ")}</span>
                <span className="font-mono text-xs text-muted-foreground">{color}</span>
              </span>
            </li>
          ))}
        </ul>
        {design.fonts?.heading && design.fonts.body ? (
          <p className="text-sm">
            Fonts: <strong>{design.fonts.heading.name}</strong> for headings, <strong>{design.fonts.body.name}</strong> for text (shipped with the theme).
          </p>
        ) : null}
        {checks.length ? (
          <Table aria-label="Contrast ratios">
            <TableHeader>
              <TableRow>
                <TableHead>Text</TableHead>
                <TableHead>On</TableHead>
                <TableHead>Use</TableHead>
                <TableHead className="text-end">Ratio</TableHead>
                <TableHead className="text-end">AA minimum</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {checks.map((check) => (
                <TableRow key={`${check.foreground}-${check.background}-${check.use}`}>
                  <TableCell>
                    <Swatch color={design.palette?.[check.foreground]} /> {check.foreground}
                  </TableCell>
                  <TableCell>
                    <Swatch color={design.palette?.[check.background]} /> {check.background}
                  </TableCell>
                  <TableCell>{check.use}</TableCell>
                  <TableCell className="text-end tabular-nums">{check.ratio.toFixed(2)}:1</TableCell>
                  <TableCell className="text-end tabular-nums">
                    {check.minimum}:1 {check.ratio >= check.minimum ? <Badge variant="success">passes</Badge> : <Badge variant="destructive">fails</Badge>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
        {design.changes?.length ? (
          <ul className="list-disc ps-5 text-sm text-muted-foreground" aria-label="Colours repaired">
            {design.changes.map((change) => (
              <li key={change.slot}>
                {change.slot}: {change.before} → {change.after} ({change.reason})
              </li>
            ))}
          </ul>
        ) : null}
        <FormAlert title="The design was not made again" messages={redo.error ? [errorMessage(redo.error)] : []} />
        <div>
          <Button variant="outline" size="sm" disabled={busy || redo.isPending} onClick={() => redo.mutate(undefined, { onSuccess: onStarted })}>
            <Palette aria-hidden="true" />
            Choose the design again
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
