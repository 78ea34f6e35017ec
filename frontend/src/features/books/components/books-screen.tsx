import { BookOpen, Plus } from "lucide-react";
import { Link, Route, Routes, useNavigate } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { formatRelative } from "@/lib/format";

import { useBooks } from "../api/books";
import { BookBriefForm } from "./brief-form";
import { BookView } from "./book-view";

function statusVariant(status: string): "success" | "destructive" | "secondary" {
  return status === "ready" ? "success" : status === "failed" || status === "cancelled" ? "destructive" : "secondary";
}

/** The workspace's books, newest first. */
function BookList() {
  const books = useBooks();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your books</CardTitle>
        <CardDescription>Every book of the workspace, newest first.</CardDescription>
      </CardHeader>
      <CardContent>
        {books.isPending ? (
          <div role="status" aria-live="polite" className="grid gap-2">
            <span className="sr-only">Loading the books…</span>
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-10 w-full" />
          </div>
        ) : books.isError ? (
          <ErrorState error={books.error} title="The books could not be loaded" onRetry={() => void books.refetch()} />
        ) : books.data.items.length === 0 ? (
          <EmptyState
            icon={BookOpen}
            title="No books yet"
            action={
              <Button asChild>
                <Link to="/books/new">Write a book</Link>
              </Button>
            }
          >
            Give a brief and the book is planned, outlined and written chapter by chapter.
          </EmptyState>
        ) : (
          <ul className="divide-y" aria-label="Books">
            {books.data.items.map((book) => (
              <li key={book.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link to={`/books/${book.id}`} className="font-medium text-primary underline-offset-4 hover:underline" dir="auto">
                  {book.title}
                </Link>
                <span className="flex items-center gap-2 text-sm text-muted-foreground">
                  <Badge variant={statusVariant(book.status)}>{book.status}</Badge>
                  {book.language ?? ""} · updated {formatRelative(book.updated_at)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function NewBook() {
  const navigate = useNavigate();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Book brief</CardTitle>
        <CardDescription>The book is planned, outlined (you may review the outline first), then written chapter by chapter.</CardDescription>
      </CardHeader>
      <CardContent>
        <BookBriefForm onStarted={(started) => void navigate(`/books/${started.document_id}?run=${encodeURIComponent(started.execution_id)}`)} />
      </CardContent>
    </Card>
  );
}

/** Books: the list, a brief, and one book (its run, record, chapters, editor, downloads and reader). */
export default function BooksScreen() {
  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Books</h1>
          <p className="text-sm text-muted-foreground">Brief a book, review its outline, follow its chapters, then edit, read and download it.</p>
        </div>
        <Button asChild variant="outline">
          <Link to="/books/new">
            <Plus aria-hidden="true" />
            New book
          </Link>
        </Button>
      </header>
      <Routes>
        <Route index element={<BookList />} />
        <Route path="new" element={<NewBook />} />
        <Route path=":id" element={<BookView />} />
      </Routes>
    </div>
  );
}
