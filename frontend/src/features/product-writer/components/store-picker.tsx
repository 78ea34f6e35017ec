import { ChevronLeft, ChevronRight, PackageSearch, Store } from "lucide-react";
import { useEffect, useRef, useState, type SyntheticEvent } from "react";
import { Link } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LoadingRows } from "@/components/ui/skeleton";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { directionOf } from "@/lib/direction";
import { useContentContract } from "@/lib/contract";
import { splitKeywords } from "@/lib/keywords";
import { BrandField, LanguageField, NONE } from "@/components/generation/brief-fields";
import { placeErrors } from "@/lib/form-problems";
import { StartButton, StartProblems } from "@/components/generation/start-controls";

import { useStartFromStore, useStoreProducts, useStores, type ProductSummary, type StartedRun } from "../api/products";
import type { Language } from "../lib/contract";

export interface StoreTarget {
  storeId: string;
  productId: number;
}

function ProductOptions({
  storeId,
  product,
  onStarted,
}: {
  storeId: string;
  product: ProductSummary;
  onStarted: (run: StartedRun, target: StoreTarget) => void;
}) {
  const [keywords, setKeywords] = useState("");
  const [language, setLanguage] = useState<Language>("en");
  const [brand, setBrand] = useState(NONE);
  const [local, setLocal] = useState<string | undefined>();
  const start = useStartFromStore();
  const keywordsMax = useContentContract().data?.brief.keywords_max;
  const busy = useRef(false);
  const placed = placeErrors(start.error, ["keywords", "language", "brand_profile"]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy.current) return;
    const listed = splitKeywords(keywords);
    // The server checks the keywords too (and names the field); this spares a refused request.
    const tooMany = keywordsMax !== undefined && listed.length > keywordsMax;
    setLocal(tooMany ? `Give at most ${String(keywordsMax)} keywords.` : undefined);
    if (tooMany) return;
    busy.current = true;
    try {
      const run = await start.mutateAsync({
        storeId,
        productId: product.id,
        options: { keywords: listed.length ? listed : null, language, brand_profile: brand === NONE ? null : brand },
      });
      onStarted(run, { storeId, productId: product.id });
    } catch {
      // shown from start.error
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4 rounded-lg border p-4" aria-label={`Copy for ${product.name}`}>
      <p className="text-sm">
        Writing copy for <span className="font-medium">{product.name}</span> (#{product.id}) from what the store says about it. Nothing is written to
        the store until you choose to.
      </p>
      <FormField label="Keywords" error={local ?? placed.fields.keywords} hint={`${keywordsMax === undefined ? "Separated" : `Up to ${String(keywordsMax)}, separated`} by commas; default: the product's tags.`}>
        {(control) => <Input {...control} dir={directionOf(language)} value={keywords} onChange={(event) => setKeywords(event.target.value)} />}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <LanguageField value={language} onChange={setLanguage} error={placed.fields.language} />
        <BrandField value={brand} onChange={setBrand} error={placed.fields.brand_profile} />
      </div>
      <StartProblems title="The copy could not be started" error={start.error} placed={placed} />
      <StartButton label="Write product copy" pending={start.isPending} />
    </form>
  );
}

/** A connected store's products, searchable and paged; choosing one starts its copy. */
export function StorePicker({ onStarted }: { onStarted: (run: StartedRun, target: StoreTarget) => void }) {
  const stores = useStores();
  const [store, setStore] = useState("");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState<ProductSummary | null>(null);
  const storeId = store || stores.data?.[0]?.id || null;
  const products = useStoreProducts(storeId, search, page);

  // Search as one types, once the typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setPage(1);
    }, 350);
    return () => clearTimeout(timer);
  }, [typed]);

  if (stores.isPending) return <LoadingRows rows={4} label="Loading stores" />;
  if (stores.isError) return <ErrorState error={stores.error} title="Stores could not be loaded" onRetry={() => void stores.refetch()} />;
  if (stores.data.length === 0) {
    return (
      <EmptyState icon={Store} title="No WooCommerce store connected" action={<Link className="text-sm text-primary underline" to="/settings">Connect a store in Settings</Link>}>
        Connect a store with a read/write REST API key to write copy for its products and send it back.
      </EmptyState>
    );
  }

  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Store">
          {(control) => (
            <Select
              value={storeId ?? ""}
              onValueChange={(value) => {
                setStore(value);
                setPage(1);
                setChosen(null);
              }}
            >
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {stores.data.map((entry) => (
                  <SelectItem key={entry.id} value={entry.id}>
                    {entry.name} ({entry.url}){entry.status === "ok" ? "" : ` · ${entry.status}`}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <FormField label="Search products">
          {(control) => <Input {...control} type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />}
        </FormField>
      </div>
      {products.isPending ? (
        <LoadingRows rows={5} label="Loading products" />
      ) : products.isError ? (
        <ErrorState error={products.error} title="The store's products could not be loaded" onRetry={() => void products.refetch()} />
      ) : products.data.products.length === 0 ? (
        <EmptyState icon={PackageSearch} title={search ? `No product matches “${search}”` : "The store has no products"} />
      ) : (
        <div className="grid gap-2">
          <Table aria-label="Products" aria-busy={products.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>Product</TableHead>
                <TableHead>Categories</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>
                  <span className="sr-only">Action</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {products.data.products.map((product) => (
                <TableRow key={product.id} aria-selected={chosen?.id === product.id}>
                  <TableCell>
                    <span className="font-medium">{product.name}</span>
                    <span className="block text-xs text-muted-foreground">
                      #{product.id}
                      {product.sku ? ` · SKU ${product.sku}` : ""}
                    </span>
                  </TableCell>
                  <TableCell>{product.categories.join(", ") || "–"}</TableCell>
                  <TableCell>
                    <Badge variant="outline">{product.status}</Badge>
                  </TableCell>
                  <TableCell className="text-end">
                    <Button size="sm" variant={chosen?.id === product.id ? "default" : "outline"} onClick={() => setChosen(product)} aria-pressed={chosen?.id === product.id}>
                      {chosen?.id === product.id ? "Chosen" : "Choose"}
                      <span className="sr-only"> {product.name}</span>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Product pages" className="flex items-center justify-between gap-2 text-sm">
            <span className="text-muted-foreground">
              Page {products.data.page} of {Math.max(1, products.data.total_pages)} · {products.data.total} products
            </span>
            <span className="flex gap-2">
              <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage((value) => value - 1)}>
                <ChevronLeft aria-hidden="true" />
                Previous
              </Button>
              <Button size="sm" variant="outline" disabled={page >= products.data.total_pages} onClick={() => setPage((value) => value + 1)}>
                Next
                <ChevronRight aria-hidden="true" />
              </Button>
            </span>
          </nav>
        </div>
      )}
      {chosen && storeId ? <ProductOptions key={`${storeId}-${String(chosen.id)}`} storeId={storeId} product={chosen} onStarted={onStarted} /> : null}
    </div>
  );
}

export function TitleSwitch({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="flex items-center gap-3">
      <Switch id="write-title" checked={checked} onCheckedChange={onChange} />
      <Label htmlFor="write-title">Also replace the product name with the copy&apos;s title</Label>
    </div>
  );
}
