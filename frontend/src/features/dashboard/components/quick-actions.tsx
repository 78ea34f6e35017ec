import { Layers, PenLine, ShoppingBag, Workflow } from "lucide-react";
import { Link } from "react-router";

const ACTIONS = [
  { to: "/studio", label: "Write an article", description: "Brief, generate, check SEO and publish.", icon: PenLine },
  { to: "/products", label: "Write product copy", description: "From facts or a WooCommerce product.", icon: ShoppingBag },
  { to: "/bulk", label: "Generate in bulk", description: "A CSV or JSON Lines file, one item a row.", icon: Layers },
  { to: "/flows", label: "Build a flow", description: "Your own workflow on a canvas.", icon: Workflow },
] as const;

export function QuickActions() {
  return (
    <section aria-labelledby="quick-actions" className="grid gap-3">
      <h2 id="quick-actions" className="text-base font-semibold">
        Quick actions
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {ACTIONS.map(({ to, label, description, icon: Icon }) => (
          <li key={to}>
            <Link
              to={to}
              className="flex h-full items-start gap-3 rounded-xl border bg-card p-4 transition-colors hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
            >
              <Icon aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-primary" />
              <span className="grid gap-0.5">
                <span className="font-medium">{label}</span>
                <span className="text-sm text-muted-foreground">{description}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
