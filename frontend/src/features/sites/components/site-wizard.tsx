import { useRef, useState, type ChangeEvent, type SyntheticEvent } from "react";

import { LanguageField } from "@/components/generation/brief-fields";
import { StartButton, StartProblems } from "@/components/generation/start-controls";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { directionOf } from "@/lib/direction";
import { ApiProblem, fieldName } from "@/lib/problems";

import { useGenerateSite, type SiteCreate, type SiteStarted } from "../api/sites";
import { BRIEF, WIZARD_FIELDS, lines, words } from "../lib/limits";

const SHOWN: readonly string[] = [...WIZARD_FIELDS, "contact.email", "contact.phone", "contact.address"];

/** The API's problems by wizard field (`body.contact.email` -> contact.email, `body.pages.2` -> pages); the rest apart. */
function placeProblems(error: unknown): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiProblem)) return { fields, other };
  for (const entry of error.problem.errors ?? []) {
    const name = fieldName(entry.field);
    const [head = "", sub] = name.split(".");
    const key = head === "contact" && sub ? `contact.${sub}` : head;
    if (SHOWN.includes(key)) fields[key] ??= entry.message;
    else other.push(entry.field ? `${name}: ${entry.message}` : entry.message);
  }
  return { fields, other };
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsDataURL(file);
  });
}

/** The site wizard: who the business is, what the site is for, its pages, style, language, logo, contact. */
export function SiteWizard({ onStarted }: { onStarted: (started: SiteStarted) => void }) {
  const [name, setName] = useState("");
  const [type, setType] = useState("");
  const [description, setDescription] = useState("");
  const [goals, setGoals] = useState("");
  const [audience, setAudience] = useState("local customers");
  const [pages, setPages] = useState("Home\nAbout\nServices\nContact");
  const [style, setStyle] = useState("");
  const [language, setLanguage] = useState("en");
  const [logo, setLogo] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [address, setAddress] = useState("");
  const [review, setReview] = useState(true);
  const [local, setLocal] = useState<Record<string, string>>({});
  const busy = useRef(false);
  const start = useGenerateSite();
  const placed = placeProblems(start.error);
  const errors: Record<string, string | undefined> = { ...placed.fields, ...local };
  const dir = directionOf(language);

  const pickLogo = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setLocal((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== "logo")));
    if (!file) {
      setLogo(null);
      return;
    }
    if (file.size > BRIEF.logoBytesMax) {
      setLogo(null);
      setLocal((current) => ({ ...current, logo: `The logo is ${file.size.toLocaleString()} bytes; the limit is ${BRIEF.logoBytesMax.toLocaleString()}.` }));
      return;
    }
    setLogo(await readAsDataUrl(file));
  };

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy.current) return;
    const problems: Record<string, string> = {};
    const pageList = lines(pages);
    if (!name.trim()) problems.business_name = "Give the business's name.";
    if (pageList.length < BRIEF.pagesMin || pageList.length > BRIEF.pagesMax)
      problems.pages = `Give ${String(BRIEF.pagesMin)} to ${String(BRIEF.pagesMax)} pages, one a line.`;
    setLocal(problems);
    if (Object.keys(problems).length) return;
    busy.current = true;
    const contact = { email: email.trim() || null, phone: phone.trim() || null, address: address.trim() || null };
    const brief: SiteCreate = {
      business_name: name.trim(),
      business_type: type.trim(),
      description: description.trim(),
      goals: lines(goals),
      audience: audience.trim(),
      pages: pageList,
      style_words: words(style),
      language,
      shop: false,
      review_plan: review,
      review_site: false,
      ...(logo ? { logo } : {}),
      ...(contact.email ?? contact.phone ?? contact.address ? { contact } : {}),
    };
    try {
      onStarted(await start.mutateAsync(brief));
    } catch {
      // shown next to the fields, or above the button
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4" aria-label="Site wizard">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Business name" error={errors.business_name} hint={`Up to ${String(BRIEF.nameMax)} characters.`}>
          {(control) => <Input {...control} value={name} dir="auto" maxLength={BRIEF.nameMax} required onChange={(event) => setName(event.target.value)} />}
        </FormField>
        <FormField label="Type of business" error={errors.business_type} hint="Such as bakery, dental clinic, law firm.">
          {(control) => <Input {...control} value={type} dir={dir} maxLength={BRIEF.typeMax} required onChange={(event) => setType(event.target.value)} />}
        </FormField>
      </div>
      <FormField label="Description" error={errors.description} hint={`What the business does, for whom, where: ${String(BRIEF.descriptionMin)}–${String(BRIEF.descriptionMax)} characters.`}>
        {(control) => <Textarea {...control} value={description} dir={dir} rows={3} maxLength={BRIEF.descriptionMax} onChange={(event) => setDescription(event.target.value)} />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Goals" error={errors.goals} hint={`Optional: one a line, up to ${String(BRIEF.goalsMax)}.`}>
          {(control) => <Textarea {...control} value={goals} dir={dir} rows={3} onChange={(event) => setGoals(event.target.value)} />}
        </FormField>
        <FormField label="Pages wanted" error={errors.pages} hint={`One title a line in menu order, ${String(BRIEF.pagesMin)} to ${String(BRIEF.pagesMax)}; the first is the front page.`}>
          {(control) => <Textarea {...control} value={pages} dir={dir} rows={4} onChange={(event) => setPages(event.target.value)} />}
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Audience" error={errors.audience}>
          {(control) => <Input {...control} value={audience} dir={dir} maxLength={BRIEF.audienceMax} onChange={(event) => setAudience(event.target.value)} />}
        </FormField>
        <FormField label="Style words" error={errors.style_words} hint={`Optional: such as warm, modern, calm; up to ${String(BRIEF.styleWordsMax)}.`}>
          {(control) => <Input {...control} value={style} onChange={(event) => setStyle(event.target.value)} />}
        </FormField>
        <LanguageField value={language} onChange={setLanguage} error={errors.language} />
      </div>
      <fieldset className="grid gap-4 rounded-lg border p-4">
        <legend className="px-1 text-sm font-medium">Contact details (optional)</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField label="Email" error={errors["contact.email"]}>
            {(control) => <Input {...control} type="email" dir="ltr" value={email} maxLength={254} onChange={(event) => setEmail(event.target.value)} />}
          </FormField>
          <FormField label="Phone" error={errors["contact.phone"]}>
            {(control) => <Input {...control} type="tel" dir="ltr" value={phone} maxLength={30} onChange={(event) => setPhone(event.target.value)} />}
          </FormField>
          <FormField label="Address" error={errors["contact.address"] ?? errors.contact}>
            {(control) => <Input {...control} value={address} dir={dir} maxLength={200} onChange={(event) => setAddress(event.target.value)} />}
          </FormField>
        </div>
      </fieldset>
      <FormField label="Logo (optional)" error={errors.logo} hint="A PNG, JPEG, WebP or GIF file of at most 512 KB.">
        {(control) => <Input {...control} type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(event) => void pickLogo(event)} />}
      </FormField>
      <div className="flex items-center gap-3">
        <Switch id="site-review-plan" checked={review} onCheckedChange={setReview} />
        <Label htmlFor="site-review-plan">Let me review and approve the plan (sitemap) before the pages are written</Label>
      </div>
      <StartProblems title="The site could not be started" error={start.error} placed={placed} />
      <StartButton label="Build the site" pending={start.isPending} />
    </form>
  );
}
