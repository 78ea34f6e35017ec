import type { components } from "@/lib/api/schema";

export type Language = components["schemas"]["ContentData"]["language"];
export type Article = components["schemas"]["ContentData"];
