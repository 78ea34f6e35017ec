import { useRef, useState, type SyntheticEvent } from "react";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { LanguageField } from "@/components/generation/brief-fields";
import { StartButton, StartProblems } from "@/components/generation/start-controls";
import { directionOf } from "@/lib/direction";
import { placeErrors } from "@/lib/form-problems";

import { useGenerate, type GenerateRequest, type ImageModel } from "../api/images";
import { sizeChoices, styleLabel } from "../lib/choices";

const DEFAULT = "__default__";
// Pictures one request may ask for (presswright.images.checks.MAX_IMAGES); a model that makes
// fewer a call is called several times.
const MAX_COUNT = 8;
const FIELDS = ["prompt", "negative_prompt", "size", "style", "count", "model", "language", "alt_context"];

type Language = GenerateRequest["language"];

/** What to make: the prompt, what to leave out, size and style from the model's capabilities, how many. */
export function GenerateForm({ models, onStarted }: { models: ImageModel[]; onStarted: (executionId: string) => void }) {
  const usable = models.filter((model) => model.available);
  const [modelId, setModelId] = useState(usable[0]?.id ?? "");
  const model = usable.find((entry) => entry.id === modelId) ?? usable[0];
  const [prompt, setPrompt] = useState("");
  const [negative, setNegative] = useState("");
  const [size, setSize] = useState(DEFAULT);
  const [style, setStyle] = useState(DEFAULT);
  const [count, setCount] = useState("2");
  const [language, setLanguage] = useState<Language>("en");
  const [context, setContext] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const generate = useGenerate();
  const busy = useRef(false);
  const placed = placeErrors(generate.error, FIELDS);
  const capabilities = model?.capabilities;
  const maxCount = MAX_COUNT;
  const sizes = capabilities ? sizeChoices(capabilities) : [];

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy.current) return;
    const wanted = Number(count);
    const problems: Record<string, string> = {};
    if (!prompt.trim()) problems.prompt = "Say what the picture should show.";
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > maxCount) problems.count = `Ask for 1 to ${String(maxCount)} pictures.`;
    setLocal(problems);
    if (Object.keys(problems).length) return;
    busy.current = true;
    try {
      const started = await generate.mutateAsync({
        prompt: prompt.trim(),
        negative_prompt: capabilities?.negative_prompt && negative.trim() ? negative.trim() : null,
        size: size === DEFAULT ? null : size,
        style: style === DEFAULT ? null : style,
        count: wanted,
        model: model?.id ?? null,
        format: "webp",
        language,
        alt_context: context.trim() || null,
      });
      onStarted(started.execution_id);
    } catch {
      // shown from generate.error
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4" aria-label="New pictures">
      <FormField label="Prompt" error={local.prompt ?? placed.fields.prompt} hint="What the picture shows: subject, setting, light, mood.">
        {(control) => <Textarea {...control} dir="auto" rows={3} value={prompt} onChange={(event) => setPrompt(event.target.value)} />}
      </FormField>
      {capabilities?.negative_prompt ? (
        <FormField label="Leave out" error={placed.fields.negative_prompt} hint="Optional: what the picture must not show (the negative prompt).">
          {(control) => <Input {...control} dir="auto" value={negative} onChange={(event) => setNegative(event.target.value)} />}
        </FormField>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {usable.length > 1 ? (
          <FormField label="Model" error={placed.fields.model}>
            {(control) => (
              <Select
                value={model?.id ?? ""}
                onValueChange={(value) => {
                  setModelId(value);
                  setSize(DEFAULT);
                  setStyle(DEFAULT);
                }}
              >
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {usable.map((entry) => (
                    <SelectItem key={entry.id} value={entry.id}>
                      {entry.id}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
        ) : null}
        <FormField label="Size" error={placed.fields.size}>
          {(control) => (
            <Select value={size} onValueChange={setSize}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={DEFAULT}>The model&apos;s default</SelectItem>
                {sizes.map((choice) => (
                  <SelectItem key={choice.value} value={choice.value}>
                    {choice.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        {capabilities && capabilities.styles.length > 0 ? (
          <FormField label="Style" error={placed.fields.style}>
            {(control) => (
              <Select value={style} onValueChange={setStyle}>
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={DEFAULT}>The model&apos;s default</SelectItem>
                  {capabilities.styles.map((choice) => (
                    <SelectItem key={choice} value={choice}>
                      {styleLabel(choice)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
        ) : null}
        <FormField label="Variations" error={local.count ?? placed.fields.count} hint={`1 to ${String(maxCount)}`}>
          {(control) => (
            <Input {...control} type="number" inputMode="numeric" min={1} max={maxCount} value={count} onChange={(event) => setCount(event.target.value)} />
          )}
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-[1fr_3fr]">
        <LanguageField value={language} onChange={setLanguage} error={placed.fields.language} />
        <FormField label="Goes with (for the alt text)" error={placed.fields.alt_context} hint="Optional: the text the picture will sit beside, so its alt text adds to it instead of repeating it.">
          {(control) => <Input {...control} dir={directionOf(language)} value={context} onChange={(event) => setContext(event.target.value)} />}
        </FormField>
      </div>
      <StartProblems title="The pictures could not be started" error={generate.error} placed={placed} />
      <StartButton label="Make pictures" pending={generate.isPending} />
    </form>
  );
}
