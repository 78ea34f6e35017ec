// /flows (the list), /flows/new, /flows/:id (the editor), /flows/templates/:name (a template,
// read-only). The editor and its canvas load only when opened.
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";

import { LoadingRows } from "@/components/ui/skeleton";

import { FlowsList } from "./flows-list";

const FlowEditor = lazy(() => import("./flow-editor"));

function EditorFallback() {
  return <LoadingRows rows={6} label="Loading the flow editor" />;
}

export default function FlowsScreen() {
  return (
    <Routes>
      <Route index element={<FlowsList />} />
      <Route
        path="new"
        element={
          <Suspense fallback={<EditorFallback />}>
            <FlowEditor source="new" />
          </Suspense>
        }
      />
      <Route
        path="templates/:name"
        element={
          <Suspense fallback={<EditorFallback />}>
            <FlowEditor source="template" />
          </Suspense>
        }
      />
      <Route
        path=":id"
        element={
          <Suspense fallback={<EditorFallback />}>
            <FlowEditor source="saved" />
          </Suspense>
        }
      />
    </Routes>
  );
}
