import { useMe } from "@/lib/me";

import { QuickActions } from "./quick-actions";
import { RecentDocuments } from "./recent-documents";
import { RecentExecutions } from "./recent-executions";
import { UsageCard } from "./usage-card";

export default function DashboardScreen() {
  const me = useMe();
  const name = me.data?.user.display_name ?? me.data?.user.email;
  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="text-sm text-muted-foreground">
          {me.data ? `${name ? `Welcome, ${name}. ` : ""}Workspace ${me.data.tenant.name}, as ${me.data.role}.` : "Your workspace at a glance."}
        </p>
      </div>
      <QuickActions />
      <div className="grid gap-6 lg:grid-cols-2">
        <RecentExecutions />
        <RecentDocuments />
      </div>
      <UsageCard />
    </div>
  );
}
