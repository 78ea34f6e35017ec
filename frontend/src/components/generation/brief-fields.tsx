import { useDeferredValue } from "react";

import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { useBrandProfiles } from "@/lib/brand-profiles";
import { useContentContract } from "@/lib/contract";
import { errorMessage } from "@/lib/problems";

/** The value of a choice of none (no brand profile, no site). */
export const NONE = "none";

/** The language to write in, from the contract's languages. */
export function LanguageField<Language extends string>({ value, onChange, error }: { value: Language; onChange: (value: Language) => void; error?: string }) {
  // The contract's languages; until they are loaded, the chosen one alone. Deferred, as the
  // lists below: the answer arrives while the screen is still starting, and the select with
  // its options renders as an interruptible update instead of one long task.
  const loaded = useDeferredValue(useContentContract().data?.languages);
  const languages = loaded ?? [{ code: value, name: value }];
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

/** The brand profile to write in the voice of, or none. */
export function BrandField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const profiles = useBrandProfiles();
  const loaded = useDeferredValue(profiles.data);
  return (
    <FormField
      label="Brand profile"
      error={error}
      hint={profiles.isError ? `Brand profiles could not be loaded: ${errorMessage(profiles.error)}` : loaded?.length === 0 ? "No brand profiles yet: add one in Settings." : undefined}
    >
      {(control) =>
        loaded === undefined && !profiles.isError ? (
          <Skeleton className="h-9 w-full" />
        ) : (
          <Select value={value} onValueChange={onChange}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={NONE}>No brand profile</SelectItem>
              {(loaded ?? []).map((profile) => (
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
