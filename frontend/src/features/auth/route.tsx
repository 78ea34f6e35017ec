import { LogIn, UserPlus } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

const routes: FeatureRoute[] = [
  {
    path: "/sign-in",
    label: "Sign in",
    icon: LogIn,
    order: 1000,
    nav: false,
    public: true,
    element: lazy(() => import("./components/sign-in-screen")),
  },
  {
    path: "/register",
    label: "Register",
    icon: UserPlus,
    order: 1001,
    nav: false,
    public: true,
    element: lazy(() => import("./components/register-screen")),
  },
];

export default routes;
