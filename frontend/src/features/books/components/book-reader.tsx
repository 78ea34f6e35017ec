import { useState } from "react";

import { Button } from "@/components/ui/button";
import { directionOf } from "@/lib/direction";

import type { BookPublic, ChapterPublic } from "../api/books";

/** One block of a chapter, as text (model text is never markup). */
function Block({ block }: { block: ChapterPublic["blocks"][number] }) {
  if (block.kind === "scene_break")
    return (
      <p className="text-center text-muted-foreground" aria-label="Scene break">
        * * *
      </p>
    );
  if (block.kind === "subheading") return <h4 className="mt-4 text-lg font-semibold">{block.text}</h4>;
  return <p className="leading-7">{block.text}</p>;
}

/** The book in the page: a chapter at a time, with a chapter navigation; right to left for Arabic and Persian. */
export function BookReader({ book, chapters }: { book: BookPublic; chapters: ChapterPublic[] }) {
  const [number, setNumber] = useState(chapters[0]?.number ?? 1);
  const index = Math.max(0, chapters.findIndex((chapter) => chapter.number === number));
  const chapter = chapters[index];
  const dir = directionOf(book.language);
  const lang = book.language ?? undefined;
  if (!chapter) return <p className="text-sm text-muted-foreground">This version has no chapters.</p>;
  const previous = chapters[index - 1];
  const next = chapters[index + 1];
  return (
    // The direction on the whole reader puts the chapter navigation at the start side (the
    // right in Arabic and Persian), as the book's own pages would.
    <div className="grid gap-6 md:grid-cols-[14rem_1fr]" dir={dir}>
      <nav aria-label="Chapters of the book" dir={dir} lang={lang}>
        <ol className="grid gap-1 text-sm">
          {chapters.map((entry) => (
            <li key={entry.number}>
              <Button
                variant={entry.number === chapter.number ? "secondary" : "ghost"}
                size="sm"
                className="h-auto w-full justify-start whitespace-normal py-1 text-start"
                aria-current={entry.number === chapter.number ? "page" : undefined}
                onClick={() => setNumber(entry.number)}
              >
                {entry.number}. {entry.title}
              </Button>
            </li>
          ))}
        </ol>
      </nav>
      <article aria-label="Reader" dir={dir} lang={lang} className="mx-auto grid max-w-prose gap-4">
        <h3 className="text-2xl font-semibold">
          {chapter.number}. {chapter.title}
        </h3>
        {chapter.blocks.map((block, position) => (
          <Block key={position} block={block} />
        ))}
        <div className="flex justify-between gap-2 pt-4">
          {previous ? (
            <Button variant="outline" size="sm" onClick={() => setNumber(previous.number)}>
              Previous chapter
            </Button>
          ) : (
            <span />
          )}
          {next ? (
            <Button variant="outline" size="sm" onClick={() => setNumber(next.number)}>
              Next chapter
            </Button>
          ) : null}
        </div>
      </article>
    </div>
  );
}
