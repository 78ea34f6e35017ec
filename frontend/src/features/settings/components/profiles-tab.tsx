import { Palette, Plus } from "lucide-react";
import { useState, type SyntheticEvent, type ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { LoadingRows } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { useOnce } from "@/lib/use-once";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormAlert } from "@/components/ui/form-alert";
import { formProblems } from "@/lib/form-problems";

import { useDeleteProfile, useProfiles, useSaveProfile, type BrandProfile } from "../api/settings";
import { ReadOnlyNote, SectionHeader, useCan } from "./shared";

const FIELDS = ["name", "tone", "vocabulary_level", "sentence_length", "custom_instructions", "banned_words"] as const;

function ProfileDialog({ profile, trigger }: { profile: BrandProfile | null; trigger: (open: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [tone, setTone] = useState("");
  const [vocabulary, setVocabulary] = useState("");
  const [sentences, setSentences] = useState("");
  const [instructions, setInstructions] = useState("");
  const [banned, setBanned] = useState("");
  const save = useSaveProfile();
  const once = useOnce();
  const problems = formProblems(save.error, FIELDS, "name");

  const begin = () => {
    setName(profile?.name ?? "");
    setTone(profile?.tone ?? "");
    setVocabulary(profile?.vocabulary_level ?? "");
    setSentences(profile?.sentence_length ?? "");
    setInstructions(profile?.custom_instructions ?? "");
    setBanned((profile?.banned_words ?? []).join("\n"));
    save.reset();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    once((done) =>
      save.mutate(
        {
          id: profile?.id ?? null,
          body: {
            name: name.trim(),
            tone: tone.trim() || null,
            vocabulary_level: vocabulary.trim() || null,
            sentence_length: sentences.trim() || null,
            custom_instructions: instructions.trim() || null,
            banned_words: banned
              .split(/[\n,]+/)
              .map((word) => word.trim())
              .filter(Boolean),
          },
        },
        {
          onSuccess: (saved) => {
            setOpen(false);
            toast({ title: profile ? "Brand profile saved" : "Brand profile created", description: saved.name, variant: "success" });
          },
          onSettled: done,
        },
      ),
    );
  };

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger(begin)}</DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{profile ? `Edit ${profile.name}` : "New brand profile"}</DialogTitle>
          <DialogDescription>The voice content is written in when a brief names this profile.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <FormField label="Name" error={problems.field("name")}>
            {(control) => <Input {...control} value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} />}
          </FormField>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="Tone" hint="e.g. warm and direct" error={problems.field("tone")}>
              {(control) => <Input {...control} value={tone} maxLength={100} onChange={(event) => setTone(event.target.value)} />}
            </FormField>
            <FormField label="Vocabulary" hint="e.g. plain" error={problems.field("vocabulary_level")}>
              {(control) => <Input {...control} value={vocabulary} maxLength={50} onChange={(event) => setVocabulary(event.target.value)} />}
            </FormField>
            <FormField label="Sentence length" hint="e.g. short" error={problems.field("sentence_length")}>
              {(control) => <Input {...control} value={sentences} maxLength={50} onChange={(event) => setSentences(event.target.value)} />}
            </FormField>
          </div>
          <FormField label="Custom instructions" error={problems.field("custom_instructions")}>
            {(control) => <Textarea {...control} rows={4} value={instructions} maxLength={4000} onChange={(event) => setInstructions(event.target.value)} />}
          </FormField>
          <FormField label="Banned words" hint="One per line (or separated by commas)." error={problems.field("banned_words")}>
            {(control) => <Textarea {...control} rows={3} value={banned} onChange={(event) => setBanned(event.target.value)} />}
          </FormField>
          <FormAlert messages={problems.rest} />
          <DialogFooter>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : profile ? "Save" : "Create"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function ProfilesTab() {
  const profiles = useProfiles();
  const remove = useDeleteProfile();
  const canEdit = useCan("editor");
  const create = (
    <ProfileDialog
      profile={null}
      trigger={(open) => (
        <Button onClick={open}>
          <Plus aria-hidden="true" />
          New brand profile
        </Button>
      )}
    />
  );
  return (
    <div className="grid gap-4">
      <SectionHeader title="Brand profiles" description="Tone, vocabulary, sentence length, instructions and words never to use." action={canEdit ? create : undefined} />
      {!canEdit ? <ReadOnlyNote needs="editor" /> : null}
      {profiles.isPending ? (
        <LoadingRows rows={3} label="Loading brand profiles" />
      ) : profiles.isError ? (
        <ErrorState error={profiles.error} title="Could not load the brand profiles" onRetry={() => void profiles.refetch()} />
      ) : profiles.data.length === 0 ? (
        <EmptyState icon={Palette} title="No brand profile yet" action={canEdit ? create : undefined}>
          Without one, content is written in a neutral voice.
        </EmptyState>
      ) : (
        <div className="grid gap-3 md:grid-cols-2">
          {profiles.data.map((profile) => (
            <Card key={profile.id}>
              <CardHeader>
                <CardTitle>{profile.name}</CardTitle>
                <CardDescription>
                  {[profile.tone, profile.vocabulary_level && `${profile.vocabulary_level} vocabulary`, profile.sentence_length && `${profile.sentence_length} sentences`]
                    .filter(Boolean)
                    .join(" · ") || "No tone set"}
                </CardDescription>
              </CardHeader>
              <CardContent className="grid gap-2 text-sm">
                {profile.custom_instructions ? <p className="line-clamp-3 whitespace-pre-wrap">{profile.custom_instructions}</p> : null}
                {profile.banned_words && profile.banned_words.length > 0 ? (
                  <div className="flex flex-wrap gap-1">
                    <span className="text-muted-foreground">Never:</span>
                    {profile.banned_words.map((word) => (
                      <Badge key={word} variant="outline">
                        {word}
                      </Badge>
                    ))}
                  </div>
                ) : null}
              </CardContent>
              {canEdit ? (
                <CardFooter className="justify-end">
                  <ProfileDialog
                    profile={profile}
                    trigger={(open) => (
                      <Button variant="outline" size="sm" onClick={open}>
                        Edit<span className="sr-only"> {profile.name}</span>
                      </Button>
                    )}
                  />
                  <ConfirmButton
                    label={
                      <>
                        Delete<span className="sr-only"> {profile.name}</span>
                      </>
                    }
                    title={`Delete ${profile.name}?`}
                    description="Briefs that name it will be refused until they name another profile. Content already written keeps its words."
                    confirmLabel="Delete profile"
                    onConfirm={() => remove.mutateAsync(profile.id).then(() => toast({ title: `${profile.name} deleted` }))}
                  />
                </CardFooter>
              ) : null}
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
