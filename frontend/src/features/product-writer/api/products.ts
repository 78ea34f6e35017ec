import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import type { StartedRun } from "@/lib/run";

export type { RunStatus, StartedRun } from "@/lib/run";

export type ProductFacts = components["schemas"]["ProductGenerate"];
export type ProductCopy = components["schemas"]["ProductCopy"];
export type ProductCopyRun = components["schemas"]["ProductCopyRun"];
export type DocumentPublic = components["schemas"]["DocumentPublic"];
export type StorePublic = components["schemas"]["WooCommerceStorePublic"];
export type ProductSummary = components["schemas"]["ProductSummary"];
export type WriteResult = components["schemas"]["WriteResult"];

export const productKeys = {
  stores: ["woocommerce", "stores"] as const,
  products: (storeId: string, search: string, page: number) => ["woocommerce", "products", storeId, search, page] as const,
};

export const PER_PAGE = 10;

export function useStores() {
  return useQuery({
    queryKey: productKeys.stores,
    queryFn: ({ signal }) => unwrap(api.GET("/woocommerce/stores", { signal })),
  });
}

/** One page of a store's products, newest first, optionally searched. */
export function useStoreProducts(storeId: string | null, search: string, page: number) {
  return useQuery({
    queryKey: productKeys.products(storeId ?? "", search, page),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/woocommerce/stores/{store_id}/products", {
          signal,
          params: { path: { store_id: storeId ?? "" }, query: { page, per_page: PER_PAGE, search } },
        }),
      ),
    enabled: storeId !== null,
    placeholderData: keepPreviousData,
  });
}

/** Start product copy from facts without waiting (202): progress is followed live. */
export function useStartFromFacts() {
  return useMutation({
    mutationFn: async (facts: Omit<ProductFacts, "wait" | "formats">): Promise<StartedRun> => {
      const started = await unwrap(api.POST("/products/generate", { body: { ...facts, wait: 0 } }));
      return { executionId: started.execution_id, documentId: started.document_id };
    },
  });
}

/** Start product copy from what the store says about a product; written back later, on request. */
export function useStartFromStore() {
  return useMutation({
    mutationFn: async ({
      storeId,
      productId,
      options,
    }: {
      storeId: string;
      productId: number;
      options: Omit<ProductCopyRun, "wait" | "write" | "title">;
    }): Promise<StartedRun> => {
      const started = await unwrap(
        api.POST("/woocommerce/stores/{store_id}/products/{product_id}/generate", {
          params: { path: { store_id: storeId, product_id: productId } },
          body: { ...options, write: false, title: false, wait: 0 },
        }),
      );
      return { executionId: started.execution_id, documentId: started.document_id };
    },
  });
}

/** Write copy to a product of a store: the saved version, checked against the contract first. */
export function useWriteCopy() {
  return useMutation({
    mutationFn: ({ storeId, productId, content, title }: { storeId: string; productId: number; content: ProductCopy; title: boolean }) =>
      unwrap(
        api.POST("/woocommerce/stores/{store_id}/products/{product_id}/write", {
          params: { path: { store_id: storeId, product_id: productId } },
          body: { content, title },
        }),
      ),
  });
}

