// The book brief's limits (presswright/books/brief.py; the server checks them and names the field).
export const LIMITS = {
  subjectMin: 2,
  subjectMax: 200,
  wordsMin: 500,
  wordsMax: 300_000,
  chaptersMin: 1,
  chaptersMax: 60,
  chapterWordsMin: 150,
  chapterWordsMax: 20_000,
} as const;

export const FORMATS = [
  { format: "epub", label: "EPUB", ext: "epub" },
  { format: "pdf", label: "PDF", ext: "pdf" },
  { format: "docx", label: "DOCX", ext: "docx" },
  { format: "html", label: "HTML", ext: "html" },
  { format: "md", label: "Markdown", ext: "md" },
] as const;

/** The index of a chapter's step in the run (`chapters[2]` is chapter 3), or null. */
export function chapterOfNode(id: string): number | null {
  const found = /^chapters\[(\d+)\]$/.exec(id);
  return found?.[1] === undefined ? null : Number(found[1]) + 1;
}

// A chapter of the outline under review (presswright/books/drafts.py OutlineChapter; the
// server checks them too and names the chapter).
export const OUTLINE = { titleMin: 2, titleMax: 120, goalMin: 10, goalMax: 300 } as const;
