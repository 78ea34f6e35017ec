import type { ReactNode } from "react";

import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export function AuthLayout({ title, description, children, aside }: { title: string; description: ReactNode; children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 px-4 py-10">
      <header className="flex items-center gap-2 text-lg font-semibold">
        <img src="/favicon.svg" alt="" className="size-7" />
        Presswright Studio
      </header>
      <main className="grid w-full max-w-md gap-4">
        <Card>
          <CardHeader>
            <h1 className="text-xl font-semibold leading-tight">{title}</h1>
            <CardDescription>{description}</CardDescription>
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
        {aside}
      </main>
    </div>
  );
}
