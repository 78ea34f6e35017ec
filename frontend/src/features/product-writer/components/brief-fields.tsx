import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { FormField } from "@/components/ui/form-field";
import { ApiProblem, errorMessage, fieldName } from "@/lib/problems";
import { useContentContract } from "@/lib/contract";

import { useBrandProfiles } from "../api/products";
import type { Language } from "../lib/contract";

export const NONE = "none";

/** Field messages of a refused start by form field (`body.features.2` -> features); the rest apart. */
export function placeErrors(error: unknown, shown: readonly string[]): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiProblem)) return { fields, other };
  for (const entry of error.problem.errors ?? []) {
    const name = fieldName(entry.field).split(".")[0] ?? "";
    if (shown.includes(name)) fields[name] ??= entry.message;
    else other.push(entry.field ? `${fieldName(entry.field)}: ${entry.message}` : entry.message);
  }
  return { fields, other };
}

export function LanguageField({ value, onChange, error }: { value: Language; onChange: (value: Language) => void; error?: string }) {
  // The contract's languages; until they are loaded, the chosen one alone.
  const languages = useContentContract().data?.languages ?? [{ code: value, name: value }];
  return (
    <FormField label="Language" error={error}>
      {(control) => (
        <Select value={value} onValueChange={(next) => onChange(next as Language)}>
          <SelectTrigger {...control}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {languages.map((option) => (
              <SelectItem key={option.code} value={option.code}>
                {option.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    </FormField>
  );
}

export function BrandField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const profiles = useBrandProfiles();
  return (
    <FormField
      label="Brand profile"
      error={error}
      hint={profiles.isError ? `Brand profiles could not be loaded: ${errorMessage(profiles.error)}` : profiles.data?.length === 0 ? "No brand profiles yet: add one in Settings." : undefined}
    >
      {(control) =>
        profiles.isPending ? (
          <Skeleton className="h-9 w-full" />
        ) : (
          <Select value={value} onValueChange={onChange}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={NONE}>No brand profile</SelectItem>
              {(profiles.data ?? []).map((profile) => (
                <SelectItem key={profile.id} value={profile.name}>
                  {profile.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )
      }
    </FormField>
  );
}
