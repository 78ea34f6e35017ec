import { useRef, useState, type SyntheticEvent } from "react";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { directionOf } from "@/lib/direction";
import { useContentContract } from "@/lib/contract";
import { splitKeywords } from "@/lib/keywords";
import { BrandField, LanguageField, NONE } from "@/components/generation/brief-fields";
import { placeErrors } from "@/lib/form-problems";
import { StartButton, StartProblems } from "@/components/generation/start-controls";

import { useStartFromFacts, type ProductFacts, type StartedRun } from "../api/products";
import { lines, type Language } from "../lib/contract";

const SHOWN = ["name", "category", "price", "audience", "attributes", "features", "keywords", "language", "brand_profile"];

/** "material: washed linen" lines as attributes; a line without a colon is reported. */
function parseAttributes(text: string): { attributes: Record<string, string>; error: string | null } {
  const attributes: Record<string, string> = {};
  for (const line of lines(text)) {
    const colon = line.indexOf(":");
    if (colon <= 0 || !line.slice(colon + 1).trim()) return { attributes, error: `Write “${line}” as name: value.` };
    attributes[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { attributes, error: null };
}

/** What the shop owner knows about a product: the facts its copy may state. */
export function FactsForm({ onStarted }: { onStarted: (run: StartedRun) => void }) {
  const [name, setName] = useState("");
  const [category, setCategory] = useState("");
  const [price, setPrice] = useState("");
  const [audience, setAudience] = useState("");
  const [attributes, setAttributes] = useState("");
  const [features, setFeatures] = useState("");
  const [keywords, setKeywords] = useState("");
  const [language, setLanguage] = useState<Language>("en");
  const [brand, setBrand] = useState(NONE);
  const [local, setLocal] = useState<Record<string, string>>({});
  const busy = useRef(false);
  const start = useStartFromFacts();
  const limits = useContentContract().data?.brief;
  const placed = placeErrors(start.error, SHOWN);
  const errors = { ...placed.fields, ...local };
  const dir = directionOf(language);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy.current) return;
    const parsed = parseAttributes(attributes);
    const listedFeatures = lines(features);
    const listedKeywords = splitKeywords(keywords);
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = "Give the product's name.";
    if (!category.trim()) problems.category = "Give the product's category.";
    if (parsed.error) problems.attributes = parsed.error;
    // The server checks the facts too (and names the field); these spare a refused request.
    else if (limits && Object.keys(parsed.attributes).length > limits.attributes_max) problems.attributes = `Give at most ${String(limits.attributes_max)} attributes.`;
    if (limits && listedFeatures.length > limits.features_max) problems.features = `Give at most ${String(limits.features_max)} features.`;
    if (limits && listedKeywords.length > limits.keywords_max) problems.keywords = `Give at most ${String(limits.keywords_max)} keywords.`;
    setLocal(problems);
    if (Object.keys(problems).length) return;
    busy.current = true;
    const facts: Omit<ProductFacts, "wait" | "formats"> = {
      name: name.trim(),
      category: category.trim(),
      attributes: parsed.attributes,
      price: price.trim() || null,
      audience: audience.trim() || null,
      features: listedFeatures,
      keywords: listedKeywords,
      language,
      brand_profile: brand === NONE ? null : brand,
    };
    try {
      onStarted(await start.mutateAsync(facts));
    } catch {
      // shown from start.error
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4" aria-label="Product facts">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Product name" error={errors.name}>
          {(control) => <Input {...control} dir={dir} value={name} maxLength={200} required onChange={(event) => setName(event.target.value)} />}
        </FormField>
        <FormField label="Category" error={errors.category}>
          {(control) => <Input {...control} dir={dir} value={category} maxLength={200} required onChange={(event) => setCategory(event.target.value)} />}
        </FormField>
        <FormField label="Price" error={errors.price} hint="As the shop shows it, e.g. 24.90 EUR.">
          {(control) => <Input {...control} value={price} maxLength={50} onChange={(event) => setPrice(event.target.value)} />}
        </FormField>
        <FormField label="Audience" error={errors.audience} hint="Who buys it.">
          {(control) => <Input {...control} dir={dir} value={audience} maxLength={300} onChange={(event) => setAudience(event.target.value)} />}
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Attributes" error={errors.attributes} hint="One per line: name: value (material: washed linen).">
          {(control) => <Textarea {...control} dir={dir} rows={4} value={attributes} onChange={(event) => setAttributes(event.target.value)} />}
        </FormField>
        <FormField label="Features" error={errors.features} hint={limits ? `One per line, up to ${String(limits.features_max)}.` : "One per line."}>
          {(control) => <Textarea {...control} dir={dir} rows={4} value={features} onChange={(event) => setFeatures(event.target.value)} />}
        </FormField>
      </div>
      <FormField label="Keywords" error={errors.keywords} hint={limits ? `Up to ${String(limits.keywords_max)}, separated by commas.` : "Separated by commas."}>
        {(control) => <Input {...control} dir={dir} value={keywords} onChange={(event) => setKeywords(event.target.value)} />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <LanguageField value={language} onChange={setLanguage} error={errors.language} />
        <BrandField value={brand} onChange={setBrand} error={errors.brand_profile} />
      </div>
      <StartProblems title="The copy could not be started" error={start.error} placed={placed} />
      <StartButton label="Write product copy" pending={start.isPending} />
    </form>
  );
}
