import { Route, Routes } from "react-router";

import { DocumentView } from "./document-view";
import { LibraryList } from "./library-list";

/** /library (the list, searched and filtered) and /library/:id (one document). */
export default function LibraryScreen() {
  return (
    <Routes>
      <Route index element={<LibraryList />} />
      <Route path=":id" element={<DocumentView />} />
    </Routes>
  );
}
