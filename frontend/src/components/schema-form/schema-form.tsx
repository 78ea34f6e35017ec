// A form drawn from a JSON Schema object, without a schema compiler (the CSP forbids the
// `new Function` that ajv needs). It understands what flow inputs and node configs use:
// objects (nested too), strings (enum, format, length), numbers and integers with bounds,
// booleans and arrays of strings. Anything else is edited as JSON in a textarea, checked
// with JSON.parse. Optional values (`anyOf [X, null]`, as pydantic writes them) are X,
// and left out when empty so the server's defaults apply.
import { useState } from "react";

import { FormField } from "@/components/ui/form-field";
import { fieldClass, Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { describeKind, resolveSchema, schemaKind, type JsonSchema } from "@/lib/json-schema";
import { withEntry } from "@/lib/records";
import { cn } from "@/lib/utils";

export type FormValue = Record<string, unknown>;

export interface SchemaFormProps {
  schema: JsonSchema;
  value: FormValue;
  onChange: (value: FormValue) => void;
  /** Messages by dotted path ("topic", "node.config"), shown next to their field. */
  errors?: Record<string, string>;
  /** Called when a JSON field holds text that does not parse (message) or parses again (null). */
  onJsonError?: (path: string, message: string | null) => void;
  disabled?: boolean;
  /** Prefix of the field paths, for nested objects. */
  path?: string;
  /** The root schema, against which `$ref`s resolve (default: `schema`). */
  root?: JsonSchema;
  /** Text fields, by path, whose value is one of a known list (a map's child node type). */
  choices?: Record<string, string[]>;
}

/** The property's own title, else its name in words (a `$ref` target's title is a class name). */
function titleOf(name: string, schema: JsonSchema): string {
  if (typeof schema.title === "string" && schema.title) return schema.title;
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of an object schema, drawn one after the other. */
export function SchemaForm({ schema, value, onChange, errors = {}, onJsonError, disabled, path = "", root, choices }: SchemaFormProps) {
  const base = root ?? schema;
  const resolved = resolveSchema(schema, base);
  const properties = resolved.schema.properties ?? {};
  const required = new Set(resolved.schema.required ?? []);
  const names = Object.keys(properties);
  if (names.length === 0) {
    return <p className="text-sm text-muted-foreground">Nothing to set here.</p>;
  }
  const set = (name: string, next: unknown) => {
    onChange(withEntry(value, name, next));
  };
  return (
    <div className="grid gap-4">
      {names.map((name) => {
        const property = properties[name] ?? {};
        const fieldPath = path ? `${path}.${name}` : name;
        return (
          <SchemaField
            key={name}
            name={name}
            path={fieldPath}
            schema={property}
            root={base}
            required={required.has(name)}
            value={value[name]}
            onChange={(next) => set(name, next)}
            errors={errors}
            onJsonError={onJsonError}
            disabled={disabled}
            choices={choices}
          />
        );
      })}
    </div>
  );
}

interface SchemaFieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  root: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  errors: Record<string, string>;
  onJsonError?: (path: string, message: string | null) => void;
  disabled?: boolean;
  choices?: Record<string, string[]>;
}

function SchemaField({ name, path, schema, root, required, value, onChange, errors, onJsonError, disabled, choices }: SchemaFieldProps) {
  const { schema: own, nullable } = resolveSchema(schema, root);
  const kind = schemaKind(own);
  const label = (
    <>
      {titleOf(name, schema)}
      {required ? <span aria-hidden="true"> *</span> : <span className="font-normal text-muted-foreground"> (optional)</span>}
    </>
  );
  const hint = [typeof own.description === "string" ? own.description : "", describeKind(own, kind)].filter(Boolean).join(" ");
  const error = errors[path];
  const empty = (text: string) => (text === "" && (!required || nullable) ? undefined : text);

  if (kind === "object") {
    const nested = value && typeof value === "object" && !Array.isArray(value) ? (value as FormValue) : {};
    return (
      <fieldset className="grid gap-3 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">{label}</legend>
        {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
        <SchemaForm
          schema={own}
          root={root}
          path={path}
          value={nested}
          onChange={(next) => onChange(Object.keys(next).length || required ? next : undefined)}
          errors={errors}
          onJsonError={onJsonError}
          disabled={disabled}
          choices={choices}
        />
        {error ? <p role="alert" className="text-sm font-medium text-destructive">{error}</p> : null}
      </fieldset>
    );
  }

  if (kind === "boolean") {
    const checked = value === undefined || value === null ? own.default === true : value === true;
    return (
      <FormField label={label} error={error} hint={hint || undefined}>
        {(control) => (
          <input
            type="checkbox"
            className="size-4 accent-primary"
            checked={checked}
            disabled={disabled}
            onChange={(event) => onChange(event.target.checked)}
            {...control}
          />
        )}
      </FormField>
    );
  }

  const listed = choices?.[path];
  if (kind === "enum" || (kind === "string" && listed)) {
    const options = kind === "enum" ? (own.enum ?? []) : [...(listed ?? [])];
    if (typeof value === "string" && value && !options.includes(value)) options.push(value);
    const index = options.findIndex((option) => JSON.stringify(option) === JSON.stringify(value));
    return (
      <FormField label={label} error={error} hint={hint || undefined}>
        {(control) => (
          <select
            className={cn(fieldClass, "h-9")}
            value={index === -1 ? "" : String(index)}
            disabled={disabled}
            required={required}
            onChange={(event) => onChange(event.target.value === "" ? undefined : options[Number(event.target.value)])}
            {...control}
          >
            <option value="">{own.default !== undefined ? `Default (${JSON.stringify(own.default)})` : "Choose…"}</option>
            {options.map((option, position) => (
              <option key={JSON.stringify(option)} value={String(position)}>
                {typeof option === "string" ? option : JSON.stringify(option)}
              </option>
            ))}
          </select>
        )}
      </FormField>
    );
  }

  if (kind === "number" || kind === "integer") {
    return (
      <FormField label={label} error={error} hint={hint || undefined}>
        {(control) => (
          <Input
            type="number"
            inputMode={kind === "integer" ? "numeric" : "decimal"}
            step={kind === "integer" ? 1 : "any"}
            min={own.minimum ?? own.exclusiveMinimum}
            max={own.maximum ?? own.exclusiveMaximum}
            value={typeof value === "number" ? String(value) : ""}
            placeholder={own.default !== undefined && own.default !== null ? JSON.stringify(own.default) : undefined}
            disabled={disabled}
            required={required && !nullable}
            onChange={(event) => {
              const text = event.target.value;
              onChange(text === "" ? undefined : Number(text));
            }}
            {...control}
          />
        )}
      </FormField>
    );
  }

  if (kind === "string") {
    const text = typeof value === "string" ? value : "";
    const format = own.format;
    const inputType = format === "email" ? "email" : format === "uri" || format === "url" ? "url" : format === "date" ? "date" : "text";
    // Templates, prompts and other prose get a textarea; names, codes and ids a one-line input.
    const prose = /prompt|template|system|message|text|body|value|description|content|facts|brief|if|over/i.test(name);
    const long = format === undefined && (own.maxLength === undefined ? prose : own.maxLength > 160);
    const placeholder = typeof own.default === "string" && own.default ? own.default : undefined;
    return (
      <FormField label={label} error={error} hint={hint || undefined}>
        {(control) =>
          long ? (
            <Textarea
              value={text}
              rows={3}
              maxLength={own.maxLength}
              placeholder={placeholder}
              disabled={disabled}
              required={required && !nullable}
              onChange={(event) => onChange(empty(event.target.value))}
              {...control}
            />
          ) : (
            <Input
              type={inputType}
              value={text}
              maxLength={own.maxLength}
              minLength={own.minLength}
              placeholder={placeholder}
              disabled={disabled}
              required={required && !nullable}
              onChange={(event) => onChange(empty(event.target.value))}
              {...control}
            />
          )
        }
      </FormField>
    );
  }

  if (kind === "string-list") {
    const items = Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
    return (
      <FormField label={label} error={error} hint={[hint, "One per line."].filter(Boolean).join(" ")}>
        {(control) => (
          <Textarea
            value={items.join("\n")}
            rows={Math.min(8, Math.max(3, items.length + 1))}
            disabled={disabled}
            onChange={(event) => {
              const lines = event.target.value.split("\n");
              const kept = lines.length === 1 && lines[0] === "" ? [] : lines;
              onChange(kept.length === 0 && !required ? undefined : kept);
            }}
            onBlur={() => {
              const trimmed = items.map((item) => item.trim()).filter(Boolean);
              if (trimmed.length !== items.length) onChange(trimmed.length === 0 && !required ? undefined : trimmed);
            }}
            {...control}
          />
        )}
      </FormField>
    );
  }

  return (
    <JsonField
      label={label}
      hint={hint}
      path={path}
      value={value}
      error={error}
      required={required}
      disabled={disabled}
      onChange={onChange}
      onJsonError={onJsonError}
    />
  );
}

function show(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

/** Any JSON value as text; the value changes only when the text parses. */
export function JsonField({
  label,
  hint,
  path,
  value,
  error,
  required,
  disabled,
  onChange,
  onJsonError,
  rows = 4,
}: {
  label: React.ReactNode;
  hint?: string;
  path: string;
  value: unknown;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  onChange: (value: unknown) => void;
  onJsonError?: (path: string, message: string | null) => void;
  rows?: number;
}) {
  const [text, setText] = useState(() => show(value));
  const [parseError, setParseError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  // The value changed from outside (another version loaded, a reset): show it.
  if (seen !== value) {
    setSeen(value);
    if (parseError === null && show(value) !== text) setText(show(value));
  }
  return (
    <FormField label={label} error={parseError ?? error} hint={[hint, "JSON."].filter(Boolean).join(" ")}>
      {(control) => (
        <Textarea
          className="font-mono text-xs"
          value={text}
          rows={rows}
          spellCheck={false}
          disabled={disabled}
          onChange={(event) => {
            const next = event.target.value;
            setText(next);
            if (next.trim() === "") {
              setParseError(required ? "Required: enter a JSON value." : null);
              onJsonError?.(path, required ? "required" : null);
              if (!required) {
                setSeen(undefined);
                onChange(undefined);
              }
              return;
            }
            try {
              const parsed = JSON.parse(next) as unknown;
              setParseError(null);
              onJsonError?.(path, null);
              setSeen(parsed);
              onChange(parsed);
            } catch (problem) {
              const message = `Not valid JSON: ${problem instanceof Error ? problem.message : "check the syntax"}`;
              setParseError(message);
              onJsonError?.(path, message);
            }
          }}
          {...control}
        />
      )}
    </FormField>
  );
}
