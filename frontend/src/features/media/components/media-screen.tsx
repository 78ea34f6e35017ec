import { ImagePlus } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";

import { RunCard } from "@/components/generation/run-card";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";

import { useImageModels } from "../api/images";
import { IMAGE_NODES } from "../lib/nodes";
import { GenerateForm } from "./generate-form";
import { NoProvider } from "./no-provider";
import { Variations } from "./variations";

const IMAGE_RUN = {
  running: "Making the pictures",
  failed: "The pictures were not made",
  noReason: "The run stopped before any picture was stored.",
};

function NewPictures({ onStarted }: { onStarted: (executionId: string) => void }) {
  const models = useImageModels();
  if (models.isPending) return <LoadingRows rows={4} label="Loading the image models" />;
  if (models.isError) return <ErrorState error={models.error} title="The image models could not be loaded" onRetry={() => void models.refetch()} />;
  const usable = models.data.filter((model) => model.available);
  if (usable.length === 0) return <NoProvider unusable={models.data} />;
  return (
    <Card>
      <CardHeader>
        <CardTitle>What to make</CardTitle>
        <CardDescription>Each picture is checked (decoded, size limits, metadata stripped) and stored in the library with its alt text.</CardDescription>
      </CardHeader>
      <CardContent>
        <GenerateForm models={usable} onStarted={onStarted} />
      </CardContent>
    </Card>
  );
}

/** Media Forge: pictures from a prompt, variations side by side, alt text, then a Media Library. */
export default function MediaScreen() {
  const [params, setParams] = useSearchParams();
  const executionId = params.get("run");
  const picked = params.get("pick");
  const [round, setRound] = useState(0);

  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Media Forge</h1>
          <p className="text-sm text-muted-foreground">Pictures from a prompt, with alt text that meets the rules, for your library and WordPress.</p>
        </div>
        {executionId ? (
          <Button variant="outline" onClick={() => setParams({})}>
            <ImagePlus aria-hidden="true" />
            New pictures
          </Button>
        ) : null}
      </header>
      {executionId ? (
        <RunCard
          key={`${executionId}-${String(round)}`}
          executionId={executionId}
          labels={IMAGE_NODES}
          wording={IMAGE_RUN}
          onRestarted={() => setRound((value) => value + 1)}
        >
          {() => <Variations executionId={executionId} picked={picked} onPick={(id) => setParams({ run: executionId, pick: id }, { replace: true })} />}
        </RunCard>
      ) : (
        <NewPictures onStarted={(run) => setParams({ run })} />
      )}
    </div>
  );
}
