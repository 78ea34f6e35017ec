import { Suspense, useEffect, type ReactNode } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";

import { RouteError } from "./error-boundary";
import { NotFound } from "./not-found";
import { RequireSession } from "./require-session";
import { featureRoutes } from "./routes";
import { ScreenFallback, Shell } from "./shell";

/** Names the browser tab (and what assistive technology announces) after the screen. */
function Titled({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Presswright Studio`;
  }, [title]);
  return children;
}

function screen(route: (typeof featureRoutes)[number]): RouteObject {
  const Element = route.element;
  return {
    path: route.path,
    element: (
      <Titled title={route.label}>
        <Element />
      </Titled>
    ),
    errorElement: <RouteError />,
  };
}

const publicRoutes = featureRoutes.filter((route) => route.public);
const shellRoutes = featureRoutes.filter((route) => !route.public);

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      ...publicRoutes.map((route) => ({
        ...screen(route),
        element: (
          <Suspense fallback={<ScreenFallback />}>
            <Titled title={route.label}>
              <route.element />
            </Titled>
          </Suspense>
        ),
      })),
      {
        element: (
          <RequireSession>
            <Shell />
          </RequireSession>
        ),
        children: [
          ...shellRoutes.map(screen),
          {
            path: "*",
            element: (
              <Titled title="Page not found">
                <NotFound />
              </Titled>
            ),
          },
        ],
      },
    ],
  },
]);
