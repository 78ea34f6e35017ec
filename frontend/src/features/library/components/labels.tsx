import { CheckCircle2, CircleSlash, Loader2, XCircle } from "lucide-react";

import { Badge } from "@/components/ui/badge";

import type { DocumentKind, DocumentStatus } from "../api/documents";

export const KIND_LABELS: Record<DocumentKind, string> = {
  article: "Article",
  product: "Product copy",
  pattern: "Pattern",
  book: "Book",
  site: "Site",
  image: "Image",
};

export const LANGUAGE_NAMES: Record<string, string> = {
  en: "English",
  de: "German",
  fr: "French",
  es: "Spanish",
  it: "Italian",
  ar: "Arabic",
  fa: "Persian",
  ja: "Japanese",
  ko: "Korean",
  zh: "Chinese",
};

const STATUS = {
  ready: { label: "Ready", variant: "success", Icon: CheckCircle2 },
  generating: { label: "Generating", variant: "secondary", Icon: Loader2 },
  failed: { label: "Failed", variant: "destructive", Icon: XCircle },
  cancelled: { label: "Cancelled", variant: "outline", Icon: CircleSlash },
} as const;

/** A document's status as an icon and a word (never colour alone). */
export function StatusBadge({ status }: { status: DocumentStatus }) {
  const { label, variant, Icon } = STATUS[status];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden="true" className={status === "generating" ? "size-3 animate-spin motion-reduce:animate-none" : "size-3"} />
      {label}
    </Badge>
  );
}
