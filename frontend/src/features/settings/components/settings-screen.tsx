import { useSearchParams } from "react-router";

import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

import { ApiKeysTab } from "./api-keys-tab";
import { ConnectionsTab } from "./connections-tab";
import { MembersTab } from "./members-tab";
import { ModelsTab } from "./models-tab";
import { ProfilesTab } from "./profiles-tab";
import { ProvidersTab } from "./providers-tab";

const TABS = [
  { value: "providers", label: "Providers" },
  { value: "models", label: "Models" },
  { value: "brand-profiles", label: "Brand profiles" },
  { value: "wordpress", label: "WordPress" },
  { value: "woocommerce", label: "WooCommerce" },
  { value: "api-keys", label: "API keys" },
  { value: "members", label: "Members" },
] as const;

type Tab = (typeof TABS)[number]["value"];

/** /settings?tab=…: every tab is a link-able place, and the browser's back button moves between them. */
export default function SettingsScreen() {
  const [params, setParams] = useSearchParams();
  const wanted = params.get("tab");
  const tab: Tab = TABS.some((entry) => entry.value === wanted) ? (wanted as Tab) : "providers";
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-muted-foreground">Models, voices, connected sites and stores, keys and people of this workspace.</p>
      </div>
      <Tabs value={tab} onValueChange={(value) => setParams({ tab: value })} className="grid gap-4">
        <TabsList aria-label="Settings" className="h-auto w-fit flex-wrap">
          {TABS.map((entry) => (
            <TabsTrigger key={entry.value} value={entry.value}>
              {entry.label}
            </TabsTrigger>
          ))}
        </TabsList>
        <TabsContent value="providers">
          <ProvidersTab />
        </TabsContent>
        <TabsContent value="models">
          <ModelsTab />
        </TabsContent>
        <TabsContent value="brand-profiles">
          <ProfilesTab />
        </TabsContent>
        <TabsContent value="wordpress">
          <ConnectionsTab kind="wordpress" />
        </TabsContent>
        <TabsContent value="woocommerce">
          <ConnectionsTab kind="woocommerce" />
        </TabsContent>
        <TabsContent value="api-keys">
          <ApiKeysTab />
        </TabsContent>
        <TabsContent value="members">
          <MembersTab />
        </TabsContent>
      </Tabs>
    </div>
  );
}
