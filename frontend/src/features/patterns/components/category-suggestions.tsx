import { useTemplateCategories } from "../api/patterns";

/** The categories a category field offers: the library's in use, then WordPress's own. Any other name may be typed. */
export function CategorySuggestions({ id }: { id: string }) {
  const categories = useTemplateCategories();
  const inUse = categories.data?.items.map((category) => category.name) ?? [];
  const names = [...new Set([...inUse, ...(categories.data?.suggested ?? [])])];
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}
