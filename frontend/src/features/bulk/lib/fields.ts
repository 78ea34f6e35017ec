// The fields a bulk row fills, and the first guess of the column that holds each, are the
// server's (GET /bulk/fields: its field listing, its alias table in every language it has,
// its matching); the screen keeps no copy of them. Whether the rows pass is the server's to
// say too: the screen asks it with a dry run (POST /bulk?dry_run=true) that runs every check
// of the real submission, and shows its answer.

export type BulkKind = "product" | "article";

export interface RowProblem {
  /** The data row, 1-based (header excluded), as the server numbers it. */
  row: number;
  field: string;
  message: string;
}

/**
 * The mapping as the upload's `map` parts (field=Column), less the columns a submission takes
 * by name anyway (the field's own name, case, spaces and hyphens aside): a shop export read by
 * its layout then keeps the fields it made of each product.
 */
export function mapEntries(mapping: Record<string, string>): string[] {
  return Object.entries(mapping)
    .filter(([field, column]) => column.trim().toLowerCase().replace(/[ -]/g, "_") !== field)
    .map(([field, column]) => `${field}=${column}`);
}
