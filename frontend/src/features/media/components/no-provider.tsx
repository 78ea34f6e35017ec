import { ImageOff } from "lucide-react";
import { Link } from "react-router";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

import type { ImageModel } from "../api/images";

// The server's own fix (presswright.images.registry): the key is read from standard input.
const ADD = "presswright providers add openai --kind openai --api-key-stdin";

/**
 * No model can make pictures here: what to do about it (no stand-in picture is ever made).
 * Models that exist but cannot be used now say why.
 */
export function NoProvider({ unusable }: { unusable: ImageModel[] }) {
  return (
    <Card role="region" aria-labelledby="no-provider-title">
      <CardHeader>
        <div className="flex items-center gap-3">
          <ImageOff aria-hidden="true" className="size-6 text-muted-foreground" />
          <CardTitle id="no-provider-title">No image provider is configured</CardTitle>
        </div>
        <CardDescription>
          Presswright ships no image model, so pictures need a provider: OpenAI images, Gemini / Imagen, Stability AI, or any OpenAI-compatible image
          server (LocalAI and others).
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <p>
          Add one in <Link className="text-primary underline" to="/settings">Settings → Providers</Link>, or on the server:
        </p>
        <pre dir="ltr" className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">
          <code>{ADD}</code>
        </pre>
        {unusable.length ? (
          <div>
            <p className="font-medium">Configured but not usable now:</p>
            <ul className="list-disc ps-5">
              {unusable.map((model) => (
                <li key={model.id}>
                  <span dir="ltr">{model.id}</span>
                  {model.reason ? `: ${model.reason}` : ""}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
