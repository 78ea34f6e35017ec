#!/usr/bin/env node
// Gzipped size of what each screen loads, from a built dist/ (default: the studio's).
//
//   node scripts/bundle-size.mjs [dist] [--max-first-kb=250]
//
// "first screen" = the entry script and its static imports + the stylesheet + the dashboard's
// lazy chunk and its static imports (what a signed-in visitor of / downloads before anything
// else). Exits 1 when that is over --max-first-kb.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const dist = resolve(args.find((arg) => !arg.startsWith("--")) ?? join(here, "../../src/presswright/studio/dist"));
const limitArg = args.find((arg) => arg.startsWith("--max-first-kb="));
const limitKb = limitArg ? Number(limitArg.split("=")[1]) : 250;
const assets = join(dist, "assets");

const files = readdirSync(assets);
const gz = (name) => gzipSync(readFileSync(join(assets, name))).length;
const staticImports = (name) => {
  const code = readFileSync(join(assets, name), "utf8");
  const found = new Set();
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*${},\s]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    found.add(match[1]);
  }
  return [...found];
};
const closure = (roots) => {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...staticImports(name));
  }
  return seen;
};

const html = readFileSync(join(dist, "index.html"), "utf8");
const entry = [...html.matchAll(/<script[^>]+src="\/assets\/([^"]+)"/g)].map((m) => m[1]);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/assets\/([^"]+)"/g)].map((m) => m[1]);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (names) => [...names].reduce((total, name) => total + gz(name), 0);

const base = closure(entry);
console.log(`entry (${[...base].join(", ")}): ${kb(sum(base))} gzipped JS`);
const screens = files.filter((name) => /-screen-[\w-]+\.js$/.test(name));
let first = null;
for (const screen of screens.sort()) {
  const extra = [...closure([screen])].filter((name) => !base.has(name));
  const size = sum(extra);
  console.log(`  + ${screen}: ${kb(size)} (${extra.length} chunks)`);
  if (screen.startsWith("dashboard-screen-")) first = sum(base) + size;
}
const lazyHeavy = files.filter((name) => /^(charts|canvas)-.*\.(js|css)$/.test(name));
for (const name of lazyHeavy) console.log(`lazy ${name}: ${kb(gz(name))}${base.has(name) ? "  <- LOADED BY THE ENTRY" : ""}`);
const cssSize = css.reduce((total, name) => total + gz(name), 0);
console.log(`stylesheet: ${kb(cssSize)} gzipped`);
if (first !== null) {
  console.log(`first screen (dashboard) JavaScript: ${kb(first)} gzipped (limit ${limitKb} KB)`);
  if (first > limitKb * 1024) process.exit(1);
}
