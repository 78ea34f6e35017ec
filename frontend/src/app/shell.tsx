import { useQueryClient } from "@tanstack/react-query";
import { Building2, Check, ChevronsUpDown, LogOut, Menu, Monitor, Moon, Sun, UserRound } from "lucide-react";
import { Suspense, useState } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useMe } from "@/lib/me";
import { errorMessage } from "@/lib/problems";
import { signInHref, signOut, switchWorkspace, useSession } from "@/lib/session";
import { useTheme, type ThemeChoice } from "@/lib/theme";
import { cn } from "@/lib/utils";

import { navTarget } from "./feature-route";
import { navRoutes } from "./routes";

function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav aria-label="Main" className="grid gap-1">
      {navRoutes.map((route) => {
        const Icon = route.icon;
        const to = navTarget(route);
        return (
          <NavLink
            key={route.path}
            to={to}
            end={to === "/"}
            onClick={onNavigate}
            className={({ isActive }) =>
              cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors hover:bg-accent hover:text-accent-foreground",
                isActive ? "bg-accent text-accent-foreground" : "text-muted-foreground",
              )
            }
          >
            <Icon aria-hidden="true" className="size-4" />
            {route.label}
          </NavLink>
        );
      })}
    </nav>
  );
}

function Brand() {
  return (
    <div className="flex items-center gap-2 px-3 py-1 text-base font-semibold">
      <img src="/favicon.svg" alt="" className="size-6" />
      Presswright
    </div>
  );
}

function WorkspaceSwitcher() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (me.isPending) return <Skeleton className="h-9 w-44" />;
  if (me.isError) return null;
  const current = me.data.tenant;
  const choose = async (tenantId: string) => {
    if (tenantId === current.id || busy) return;
    setBusy(true);
    try {
      await switchWorkspace(tenantId);
      // Nothing cached for the old workspace may show in the new one. Reset, not clear: clear()
      // also dropped a query the screen had already started for the new workspace, leaving it on
      // "Loading…" for good; resetQueries() empties every query and refetches the ones on screen
      // (cancelling any still running with the old token).
      void queryClient.resetQueries();
      const name = me.data.memberships.find((m) => m.tenant.id === tenantId)?.tenant.name ?? "the workspace";
      toast({ title: `Switched to ${name}`, variant: "success" });
    } catch (error) {
      toast({ title: "Could not switch workspace", description: errorMessage(error), variant: "destructive" });
    } finally {
      setBusy(false);
    }
  };
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" className="max-w-64 justify-between" aria-label={`Workspace: ${current.name}. Switch workspace`} disabled={busy}>
          <Building2 aria-hidden="true" />
          <span className="truncate">{current.name}</span>
          <ChevronsUpDown aria-hidden="true" className="opacity-60" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        {me.data.memberships.map((membership) => (
          <DropdownMenuItem key={membership.tenant.id} onSelect={() => void choose(membership.tenant.id)}>
            <Check aria-hidden="true" className={membership.tenant.id === current.id ? "opacity-100" : "opacity-0"} />
            <span className="flex-1 truncate">{membership.tenant.name}</span>
            <span className="text-xs text-muted-foreground">{membership.role}</span>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

const THEME_ICONS = { light: Sun, dark: Moon, system: Monitor } as const;

function ThemeToggle() {
  const { choice, resolved, setTheme } = useTheme();
  const Icon = THEME_ICONS[choice];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Theme: ${choice === "system" ? `system (${resolved})` : choice}. Change theme`}>
          <Icon aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={choice} onValueChange={(value) => setTheme(value as ThemeChoice)}>
          <DropdownMenuRadioItem value="light">Light</DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">Dark</DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">System</DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function UserMenu() {
  const me = useMe();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const leave = async () => {
    try {
      await signOut();
    } catch (error) {
      toast({ title: "Signed out here", description: `The server could not end the session: ${errorMessage(error)}`, variant: "destructive" });
    }
    queryClient.clear();
    await navigate(signInHref(), { replace: true });
  };
  const user = me.data?.user;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Account menu">
          <UserRound aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="grid gap-0.5">
          <span className="text-sm font-medium text-foreground">{user?.display_name ?? user?.email ?? "Signed in"}</span>
          {user?.display_name ? <span className="font-normal">{user.email}</span> : null}
          {session.role ? <span className="font-normal">Role: {session.role}</span> : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void leave()}>
          <LogOut aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function ScreenFallback() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-32 w-full" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}

/** The studio's frame. While the session is being restored it shows, so the page paints at
 * once, with a placeholder where the screen will be. */
export function Shell({ restoring = false }: { restoring?: boolean }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 flex-col gap-4 border-r bg-card p-3 md:flex">
        <Brand />
        <Navigation />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur md:px-6">
          <Dialog open={menuOpen} onOpenChange={setMenuOpen}>
            <DialogTrigger asChild>
              <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
                <Menu aria-hidden="true" />
              </Button>
            </DialogTrigger>
            <DialogContent className="left-0 top-0 h-full max-h-screen w-72 translate-x-0 translate-y-0 content-start rounded-none">
              <DialogTitle className="sr-only">Navigation</DialogTitle>
              <DialogDescription className="sr-only">The studio's screens</DialogDescription>
              <Brand />
              <Navigation onNavigate={() => setMenuOpen(false)} />
            </DialogContent>
          </Dialog>
          <WorkspaceSwitcher />
          <div className="ms-auto flex items-center gap-1">
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-8">
          {/* One boundary whether restoring or not: when the restored session reveals the screen
              (a deferred render, see RequireSession) and its code is still on its way, React keeps
              the placeholder shown and renders the screen once the code is here, instead of
              committing the fallback and holding the screen back for its fallback throttle. */}
          <Suspense fallback={<ScreenFallback />}>{restoring ? <ScreenFallback /> : <Outlet />}</Suspense>
        </main>
      </div>
    </div>
  );
}

export { ScreenFallback };
