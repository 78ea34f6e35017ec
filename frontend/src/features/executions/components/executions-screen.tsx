// /executions (the list with filters) and /executions/:id (the live monitor, with its canvas
// loaded only when opened).
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";

import { LoadingRows } from "@/components/ui/skeleton";

import { ExecutionsList } from "./executions-list";

const ExecutionMonitor = lazy(() => import("./execution-monitor"));

export default function ExecutionsScreen() {
  return (
    <Routes>
      <Route index element={<ExecutionsList />} />
      <Route
        path=":id"
        element={
          <Suspense fallback={<LoadingRows rows={6} label="Loading the execution monitor" />}>
            <ExecutionMonitor />
          </Suspense>
        }
      />
    </Routes>
  );
}
