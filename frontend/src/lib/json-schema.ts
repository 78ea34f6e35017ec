import { withEntry } from "./records";

// The part of JSON Schema the studio's forms draw and check, read without compiling anything.

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

export type SchemaKind = "object" | "string" | "number" | "integer" | "boolean" | "enum" | "string-list" | "json";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lookup(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(node)) return undefined;
    node = node[part];
  }
  return isRecord(node) ? node : undefined;
}

function isNull(schema: JsonSchema): boolean {
  return schema.type === "null" || (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === "null");
}

/**
 * The schema with its local `$ref` followed and a nullable wrapper taken off: `anyOf [X, null]`
 * and `type: [X, "null"]` read as X with `nullable` true. Other `anyOf`s stay as they are.
 */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  let current: JsonSchema = schema;
  let nullable = false;
  for (let step = 0; step < 8; step += 1) {
    if (typeof current.$ref === "string") {
      const target = lookup(current.$ref, root);
      if (!target) break;
      current = { ...target, ...withEntry(current, "$ref", undefined) };
      continue;
    }
    const options = current.anyOf ?? current.oneOf;
    if (options) {
      const real = options.filter((option) => !isNull(option));
      if (real.length === 1 && real.length < options.length && real[0]) {
        nullable = true;
        current = { ...withEntry(withEntry(current, "anyOf", undefined), "oneOf", undefined), ...real[0] };
        continue;
      }
    }
    if (Array.isArray(current.type)) {
      const types = current.type.filter((type) => type !== "null");
      if (types.length === 1 && types.length < current.type.length) {
        nullable = true;
        current = { ...current, type: types[0] };
        continue;
      }
    }
    break;
  }
  return { schema: current, nullable };
}

/** How a field of this (resolved) schema is edited. */
export function schemaKind(schema: JsonSchema): SchemaKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return "enum";
  if (schema.anyOf || schema.oneOf || schema.allOf) return "json";
  const type = schema.type;
  if (type === "object" || (type === undefined && isRecord(schema.properties))) {
    return isRecord(schema.properties) && Object.keys(schema.properties).length > 0 ? "object" : "json";
  }
  if (type === "string") return "string";
  if (type === "integer") return "integer";
  if (type === "number") return "number";
  if (type === "boolean") return "boolean";
  if (type === "array" && isRecord(schema.items) && schema.items.type === "string" && !schema.items.enum) return "string-list";
  return "json";
}

/** A short sentence about the bounds of a field, for its hint. */
export function describeKind(schema: JsonSchema, kind: SchemaKind): string {
  const parts: string[] = [];
  if (kind === "number" || kind === "integer") {
    const low = schema.minimum ?? schema.exclusiveMinimum;
    const high = schema.maximum ?? schema.exclusiveMaximum;
    if (low !== undefined && high !== undefined) parts.push(`From ${low} to ${high}.`);
    else if (low !== undefined) parts.push(`At least ${low}.`);
    else if (high !== undefined) parts.push(`At most ${high}.`);
  }
  if (kind === "string" || kind === "string-list") {
    if (schema.minLength !== undefined && schema.maxLength !== undefined) parts.push(`${schema.minLength}–${schema.maxLength} characters.`);
    else if (schema.maxLength !== undefined) parts.push(`Up to ${schema.maxLength} characters.`);
    else if (schema.minLength !== undefined && schema.minLength > 1) parts.push(`At least ${schema.minLength} characters.`);
  }
  return parts.join(" ");
}

function typeMatches(schema: JsonSchema, value: unknown): string | null {
  const kind = schemaKind(schema);
  switch (kind) {
    case "string":
      return typeof value === "string" ? null : "must be text";
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? null : "must be a whole number";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "string-list":
      return Array.isArray(value) && value.every((item) => typeof item === "string") ? null : "must be a list of texts";
    case "object":
      return isRecord(value) ? null : "must be an object";
    default:
      return null;
  }
}

/**
 * What is wrong with `value` against `schema`, by dotted path: required fields, types, enum
 * values, lengths, bounds and patterns. The server checks everything again; this catches the
 * common mistakes before a request is sent.
 */
export function checkValue(schema: JsonSchema, value: unknown, root: JsonSchema = schema, path = ""): Record<string, string> {
  const problems: Record<string, string> = {};
  const { schema: own, nullable } = resolveSchema(schema, root);
  if (value === undefined || (value === null && nullable)) return problems;
  const where = path || "value";
  const kind = schemaKind(own);
  if (kind === "enum") {
    if (!(own.enum ?? []).some((option) => JSON.stringify(option) === JSON.stringify(value))) problems[where] = "choose one of the listed values";
    return problems;
  }
  const wrongType = typeMatches(own, value);
  if (wrongType) {
    problems[where] = wrongType;
    return problems;
  }
  if (typeof value === "string") {
    if (own.minLength !== undefined && value.length < own.minLength) problems[where] = `needs at least ${own.minLength} characters`;
    else if (own.maxLength !== undefined && value.length > own.maxLength) problems[where] = `at most ${own.maxLength} characters`;
    else if (typeof own.pattern === "string") {
      try {
        if (!new RegExp(own.pattern, "u").test(value)) problems[where] = "does not have the expected form";
      } catch {
        // A pattern JavaScript cannot read: the server checks it.
      }
    }
  }
  if (typeof value === "number") {
    if (own.minimum !== undefined && value < own.minimum) problems[where] = `must be at least ${own.minimum}`;
    else if (own.maximum !== undefined && value > own.maximum) problems[where] = `must be at most ${own.maximum}`;
    else if (own.exclusiveMinimum !== undefined && value <= own.exclusiveMinimum) problems[where] = `must be more than ${own.exclusiveMinimum}`;
    else if (own.exclusiveMaximum !== undefined && value >= own.exclusiveMaximum) problems[where] = `must be less than ${own.exclusiveMaximum}`;
  }
  if (Array.isArray(value)) {
    if (own.minItems !== undefined && value.length < own.minItems) problems[where] = `needs at least ${own.minItems} items`;
    else if (own.maxItems !== undefined && value.length > own.maxItems) problems[where] = `at most ${own.maxItems} items`;
  }
  if (kind === "object" && isRecord(value)) {
    Object.assign(problems, checkObject(own, value, root, path));
  }
  return problems;
}

/** Problems of an object's fields (required ones missing, each present one checked). */
export function checkObject(schema: JsonSchema, value: Record<string, unknown>, root: JsonSchema = schema, path = ""): Record<string, string> {
  const problems: Record<string, string> = {};
  const { schema: own } = resolveSchema(schema, root);
  const properties = own.properties ?? {};
  for (const name of own.required ?? []) {
    const present = value[name];
    if (present === undefined || present === "") problems[path ? `${path}.${name}` : name] = "required";
  }
  for (const [name, property] of Object.entries(properties)) {
    const fieldPath = path ? `${path}.${name}` : name;
    if (problems[fieldPath]) continue;
    Object.assign(problems, checkValue(property, value[name], root, fieldPath));
  }
  return problems;
}

/** The values of the schema's defaults, for a new form (fields without a default stay empty). */
export function defaultsOf(schema: JsonSchema, root: JsonSchema = schema): Record<string, unknown> {
  const { schema: own } = resolveSchema(schema, root);
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(own.properties ?? {})) {
    const resolved = resolveSchema(property, root).schema;
    if (resolved.default !== undefined && resolved.default !== null) out[name] = resolved.default;
  }
  return out;
}
