import { ExternalLink, Loader2, Upload } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Link } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { LoadingRows } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/problems";
import { contractProblems } from "@/lib/contract-problems";

import { useStoreProducts, useStores, useWriteCopy, type ProductCopy } from "../api/products";
import { TitleSwitch, type StoreTarget } from "./store-picker";

/** Send the saved copy to a product of a connected store (checked against the contract first). */
export function WriteBackCard({ copy, version, dirty, target }: { copy: ProductCopy; version: number; dirty: boolean; target: StoreTarget | null }) {
  const stores = useStores();
  const [store, setStore] = useState(target?.storeId ?? "");
  const [product, setProduct] = useState(target ? String(target.productId) : "");
  const [search, setSearch] = useState("");
  const [title, setTitle] = useState(false);
  const write = useWriteCopy();
  const storeId = store || stores.data?.[0]?.id || null;
  const products = useStoreProducts(target ? null : storeId, search.trim(), 1);
  const refused = contractProblems(write.error);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const productId = Number(product);
    if (write.isPending || !storeId || !Number.isInteger(productId) || productId < 1) return;
    write.mutate(
      { storeId, productId, content: copy, title },
      { onSuccess: (result) => toast({ title: `Written to ${result.product_name}`, description: result.fields.join(", "), variant: "success" }) },
    );
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Write back to the store</CardTitle>
        <CardDescription>Sends the saved version {version} to the product: its descriptions and tags, and the image alt text and SEO fields where the store has them.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {stores.isPending ? (
          <LoadingRows rows={2} label="Loading stores" />
        ) : stores.isError ? (
          <ErrorState error={stores.error} title="Stores could not be loaded" onRetry={() => void stores.refetch()} />
        ) : stores.data.length === 0 ? (
          <EmptyState title="No WooCommerce store connected" action={<Link className="text-sm text-primary underline" to="/settings">Connect a store in Settings</Link>} />
        ) : (
          <form onSubmit={submit} noValidate className="grid gap-3" aria-label="Write the copy to a product">
            {target ? (
              <p className="text-sm">
                To product #{target.productId} of {stores.data.find((entry) => entry.id === target.storeId)?.name ?? "the store"}, the one the copy was written for.
              </p>
            ) : (
              <>
                <div className="grid gap-3 sm:grid-cols-2">
                  <FormField label="Store">
                    {(control) => (
                      <Select
                        value={storeId ?? ""}
                        onValueChange={(value) => {
                          setStore(value);
                          setProduct("");
                        }}
                      >
                        <SelectTrigger {...control}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          {stores.data.map((entry) => (
                            <SelectItem key={entry.id} value={entry.id}>
                              {entry.name}
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )}
                  </FormField>
                  <FormField label="Find a product">
                    {(control) => <Input {...control} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />}
                  </FormField>
                </div>
                <FormField
                  label="Product"
                  hint={products.isError ? `Products could not be loaded: ${errorMessage(products.error)}` : products.data?.products.length === 0 ? "No product matches." : undefined}
                >
                  {(control) =>
                    products.isPending ? (
                      <LoadingRows rows={1} label="Loading products" />
                    ) : (
                      <Select value={product} onValueChange={setProduct}>
                        <SelectTrigger {...control}>
                          <SelectValue placeholder="Choose a product" />
                        </SelectTrigger>
                        <SelectContent>
                          {(products.data?.products ?? []).map((entry) => (
                            <SelectItem key={entry.id} value={String(entry.id)}>
                              {entry.name} (#{entry.id})
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )
                  }
                </FormField>
              </>
            )}
            <TitleSwitch checked={title} onChange={setTitle} />
            {dirty ? <p className="text-sm text-warning">You have unsaved edits: save them first, or the saved version is written without them.</p> : null}
            {write.isError ? (
              <Alert variant="destructive">
                <AlertTitle>Not written</AlertTitle>
                <AlertDescription>
                  {refused.length ? (
                    <ul className="list-disc ps-4">
                      {refused.map((problem) => (
                        <li key={`${problem.field}-${problem.message}`}>
                          {problem.field}: {problem.message}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p>{errorMessage(write.error)}</p>
                  )}
                </AlertDescription>
              </Alert>
            ) : null}
            <div>
              <Button type="submit" disabled={write.isPending || !product} aria-busy={write.isPending}>
                {write.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Upload aria-hidden="true" />}
                Write to the store
              </Button>
            </div>
          </form>
        )}
        {write.data ? (
          <Alert>
            <AlertTitle>Written to {write.data.product_name}</AlertTitle>
            <AlertDescription>
              <p>Fields: {write.data.fields.join(", ")}</p>
              <p className="text-xs text-muted-foreground">SEO fields: {write.data.seo.note}</p>
              <a href={write.data.product_url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-primary underline">
                Open the product
                <ExternalLink aria-hidden="true" className="size-3" />
                <span className="sr-only">(opens in a new tab)</span>
              </a>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
