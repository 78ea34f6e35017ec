import { RouterProvider } from "react-router";

import { ErrorBoundary } from "./error-boundary";
import { Providers } from "./providers";
import { router } from "./router";

export function App() {
  return (
    <ErrorBoundary>
      <Providers>
        <RouterProvider router={router} />
      </Providers>
    </ErrorBoundary>
  );
}
