import { FilePlus2 } from "lucide-react";
import { useSearchParams } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

import { PatternBriefForm, PatternRun } from "./designer";
import { TemplateLibrary } from "./template-library";

/** The pattern designer (brief, live run, preview, markup, save) and the template library. */
export default function PatternsScreen() {
  const [params, setParams] = useSearchParams();
  const executionId = params.get("run");
  const documentId = params.get("doc");
  const tab = params.get("tab") === "library" ? "library" : "design";

  const setTab = (next: string) => {
    const updated = new URLSearchParams(params);
    if (next === "library") updated.set("tab", "library");
    else updated.delete("tab");
    setParams(updated);
  };

  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Pattern designer</h1>
          <p className="text-sm text-muted-foreground">Describe a block pattern, check it in a preview, copy its markup or keep it in the template library.</p>
        </div>
        {executionId && tab === "design" ? (
          <Button variant="outline" onClick={() => setParams({})}>
            <FilePlus2 aria-hidden="true" />
            New pattern
          </Button>
        ) : null}
      </header>
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Pattern designer sections">
          <TabsTrigger value="design">Design</TabsTrigger>
          <TabsTrigger value="library">Template library</TabsTrigger>
        </TabsList>
        <TabsContent value="design">
          {executionId && documentId ? (
            <PatternRun key={executionId} executionId={executionId} documentId={documentId} />
          ) : (
            <Card>
              <CardHeader>
                <CardTitle>Pattern brief</CardTitle>
                <CardDescription>The pattern passes every block check before you see it.</CardDescription>
              </CardHeader>
              <CardContent>
                <PatternBriefForm onStarted={(run) => setParams({ run: run.executionId, doc: run.documentId })} />
              </CardContent>
            </Card>
          )}
        </TabsContent>
        <TabsContent value="library">
          <TemplateLibrary />
        </TabsContent>
      </Tabs>
    </div>
  );
}
