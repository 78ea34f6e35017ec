import { previewDocument } from "../lib/flatten";

/**
 * HTML the server sanitized, shown in a frame with every sandbox restriction on: no script, no
 * forms, no same-origin access, no navigation of the studio. Model output never enters the page.
 */
export function HtmlPreview({ html, language, title }: { html: string; language: string | null; title: string }) {
  return (
    <iframe
      title={title}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={previewDocument(html, language)}
      className="h-[28rem] w-full resize-y rounded-md border bg-white"
    />
  );
}
