import { Suspense } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";

import { RouteError } from "./error-boundary";
import { NotFound } from "./not-found";
import { RequireSession } from "./require-session";
import { featureRoutes } from "./routes";
import { ScreenFallback, Shell } from "./shell";

function screen(route: (typeof featureRoutes)[number]): RouteObject {
  const Element = route.element;
  return { path: route.path, element: <Element />, errorElement: <RouteError /> };
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
            <route.element />
          </Suspense>
        ),
      })),
      {
        element: (
          <RequireSession>
            <Shell />
          </RequireSession>
        ),
        children: [...shellRoutes.map(screen), { path: "*", element: <NotFound /> }],
      },
    ],
  },
]);
