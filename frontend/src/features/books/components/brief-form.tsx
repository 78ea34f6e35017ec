import { useRef, useState, type SyntheticEvent } from "react";

import { LanguageField } from "@/components/generation/brief-fields";
import { StartButton, StartProblems } from "@/components/generation/start-controls";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { directionOf } from "@/lib/direction";
import { placeErrors } from "@/lib/form-problems";

import { useStartBook, type BookCreate, type BookStarted } from "../api/books";
import { LIMITS } from "../lib/limits";

const SHOWN = ["kind", "subject", "audience", "language", "tone", "point_of_view", "learning_goals", "target_words", "chapters", "title", "author", "cover", "review_outline", "review_book"];

type Kind = "fiction" | "nonfiction";
type Cover = BookCreate["cover"];

/** The book brief: kind, subject, audience, language, tone, length and chapters, title and author. */
export function BookBriefForm({ onStarted }: { onStarted: (started: BookStarted) => void }) {
  const [kind, setKind] = useState<Kind>("fiction");
  const [subject, setSubject] = useState("");
  const [audience, setAudience] = useState("adult readers");
  const [language, setLanguage] = useState<BookCreate["language"]>("en");
  const [tone, setTone] = useState("warm and vivid");
  const [pov, setPov] = useState("");
  const [goals, setGoals] = useState("");
  const [words, setWords] = useState("6000");
  const [chapters, setChapters] = useState("6");
  const [title, setTitle] = useState("");
  const [author, setAuthor] = useState("");
  const [cover, setCover] = useState<Cover>("typographic");
  const [review, setReview] = useState(false);
  const [reviewBook, setReviewBook] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const busy = useRef(false);
  const start = useStartBook();
  const placed = placeErrors(start.error, SHOWN);
  const errors = { ...placed.fields, ...local };
  const dir = directionOf(language);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    // One run per click, however fast the clicks: the ref is set before React re-renders.
    if (busy.current) return;
    const problems: Record<string, string> = {};
    const targetWords = Number(words);
    const chapterCount = Number(chapters);
    // The server checks the brief too (and names the field); these spare a refused request.
    if (subject.trim().length < LIMITS.subjectMin) problems.subject = `Give a genre or subject of at least ${String(LIMITS.subjectMin)} characters.`;
    if (!Number.isInteger(targetWords) || targetWords < LIMITS.wordsMin || targetWords > LIMITS.wordsMax)
      problems.target_words = `Give a length of ${LIMITS.wordsMin.toLocaleString()} to ${LIMITS.wordsMax.toLocaleString()} words.`;
    if (!Number.isInteger(chapterCount) || chapterCount < LIMITS.chaptersMin || chapterCount > LIMITS.chaptersMax)
      problems.chapters = `Give ${String(LIMITS.chaptersMin)} to ${String(LIMITS.chaptersMax)} chapters.`;
    setLocal(problems);
    if (Object.keys(problems).length) return;
    busy.current = true;
    const learningGoals = goals.split("\n").map((goal) => goal.trim()).filter(Boolean);
    const brief: BookCreate = {
      kind,
      subject: subject.trim(),
      audience: audience.trim(),
      language,
      tone: tone.trim(),
      target_words: targetWords,
      chapters: chapterCount,
      review_outline: review,
      review_book: reviewBook,
      author: author.trim() || "Anonymous",
      cover,
      ...(kind === "fiction" && pov.trim() ? { point_of_view: pov.trim() } : {}),
      ...(kind === "nonfiction" ? { learning_goals: learningGoals } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
    };
    try {
      onStarted(await start.mutateAsync(brief));
    } catch {
      // shown from start.error
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4" aria-label="Book brief">
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Kind" error={errors.kind}>
          {(control) => (
            <Select value={kind} onValueChange={(value) => setKind(value as Kind)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="fiction">Fiction</SelectItem>
                <SelectItem value="nonfiction">Non-fiction</SelectItem>
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField
          label={kind === "fiction" ? "Genre" : "Subject"}
          error={errors.subject}
          hint={`${String(LIMITS.subjectMin)}–${String(LIMITS.subjectMax)} characters.`}
          className="sm:col-span-2"
        >
          {(control) => <Input {...control} value={subject} dir={dir} maxLength={LIMITS.subjectMax} required onChange={(event) => setSubject(event.target.value)} />}
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Audience" error={errors.audience}>
          {(control) => <Input {...control} value={audience} dir={dir} maxLength={200} onChange={(event) => setAudience(event.target.value)} />}
        </FormField>
        <FormField label="Tone" error={errors.tone}>
          {(control) => <Input {...control} value={tone} dir={dir} maxLength={100} onChange={(event) => setTone(event.target.value)} />}
        </FormField>
        <LanguageField value={language} onChange={setLanguage} error={errors.language} />
      </div>
      {kind === "fiction" ? (
        <FormField label="Point of view" error={errors.point_of_view} hint="Optional, such as first person, past tense.">
          {(control) => <Input {...control} value={pov} dir={dir} maxLength={100} onChange={(event) => setPov(event.target.value)} />}
        </FormField>
      ) : (
        <FormField label="Learning goals" error={errors.learning_goals} hint="Optional: what readers learn, one a line (up to 10).">
          {(control) => <Textarea {...control} value={goals} dir={dir} rows={3} onChange={(event) => setGoals(event.target.value)} />}
        </FormField>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Length in words"
          error={errors.target_words}
          hint={`${LIMITS.wordsMin.toLocaleString()} to ${LIMITS.wordsMax.toLocaleString()} (characters for Chinese and Japanese); ${String(LIMITS.chapterWordsMin)} to ${LIMITS.chapterWordsMax.toLocaleString()} a chapter.`}
        >
          {(control) => (
            <Input {...control} type="number" inputMode="numeric" min={LIMITS.wordsMin} max={LIMITS.wordsMax} value={words} onChange={(event) => setWords(event.target.value)} />
          )}
        </FormField>
        <FormField label="Chapters" error={errors.chapters} hint={`${String(LIMITS.chaptersMin)} to ${String(LIMITS.chaptersMax)}.`}>
          {(control) => (
            <Input {...control} type="number" inputMode="numeric" min={LIMITS.chaptersMin} max={LIMITS.chaptersMax} value={chapters} onChange={(event) => setChapters(event.target.value)} />
          )}
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Title" error={errors.title} hint="Optional: the planner gives one otherwise.">
          {(control) => <Input {...control} value={title} dir={dir} maxLength={120} onChange={(event) => setTitle(event.target.value)} />}
        </FormField>
        <FormField label="Author" error={errors.author} hint="Optional: Anonymous otherwise.">
          {(control) => <Input {...control} value={author} dir={dir} maxLength={200} onChange={(event) => setAuthor(event.target.value)} />}
        </FormField>
      </div>
      <FormField
        label="Cover"
        error={errors.cover}
        hint="A picture needs an image provider (Settings); without one the book gets the typographic cover and says why."
      >
        {(control) => (
          <Select value={cover} onValueChange={(value) => setCover(value as Cover)}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="typographic">Typographic: title and author in real fonts</SelectItem>
              <SelectItem value="ai">A picture from the image provider, under the title and author</SelectItem>
            </SelectContent>
          </Select>
        )}
      </FormField>
      <div className="flex items-center gap-3">
        <Switch id="book-review-outline" checked={review} onCheckedChange={setReview} />
        <Label htmlFor="book-review-outline">Let me review and approve the outline before the chapters are written</Label>
      </div>
      <div className="flex items-center gap-3">
        <Switch id="book-review-book" checked={reviewBook} onCheckedChange={setReviewBook} />
        <Label htmlFor="book-review-book">Let me read the continuity issues and approve the chapters before the book is made</Label>
      </div>
      <StartProblems title="The book could not be started" error={start.error} placed={placed} />
      <StartButton label="Write the book" pending={start.isPending} />
    </form>
  );
}
