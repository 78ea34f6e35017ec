import type { ImageCapabilities } from "../api/images";

export interface Choice {
  value: string;
  label: string;
}

function shape(width: number, height: number): string {
  if (width === height) return "square";
  return width > height ? "landscape" : "portrait";
}

/** The sizes (WxH) or, for models that take a ratio, the aspect ratios (W:H) a model makes. */
export function sizeChoices(capabilities: ImageCapabilities): Choice[] {
  const sizes = capabilities.sizes.map((size) => {
    const [width, height] = size.split("x").map(Number);
    return { value: size, label: width && height ? `${String(width)} × ${String(height)} (${shape(width, height)})` : size };
  });
  const ratios = capabilities.aspect_ratios.map((ratio) => {
    const [width, height] = ratio.split(":").map(Number);
    return { value: ratio, label: width && height ? `${ratio} (${shape(width, height)})` : ratio };
  });
  return [...sizes, ...ratios];
}

/** A vendor's style name as a person reads it: "photographic", "digital-art" → "Digital art". */
export function styleLabel(style: string): string {
  const words = style.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Bytes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
