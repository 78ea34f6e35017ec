import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, URL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// Heavy libraries that only some screens need: each goes in one chunk of its own (with what it
// depends on that the app chunk does not have), loaded on demand by the lazy screens that import
// it, so the first screen never pays for them. What both use is in a third (VIZ_COMMON), so one
// never loads the other.
const CANVAS = /[\\/]node_modules[\\/](@xyflow|zustand|classcat|d3-(zoom|drag|selection|dispatch|transition|timer|ease))[\\/]/;
const VIZ_COMMON = /[\\/]node_modules[\\/](d3-(interpolate|color)|use-sync-external-store)[\\/]/;
const CHARTS =
  /[\\/]node_modules[\\/](recharts|victory-vendor|@reduxjs|react-redux|redux|redux-thunk|immer|reselect|decimal\.js-light|eventemitter3|es-toolkit|tiny-invariant|internmap|d3-(array|format|path|scale|shape|time|time-format))[\\/]/;

/**
 * Radix Select and ScrollArea render a <style> element (to hide their viewport's scrollbar),
 * which the CSP (`style-src 'self'`) blocks and reports. The build drops those elements; the
 * same rules are in src/index.css. Fails the build if the code it expects is not found, so an
 * upgrade of either package cannot quietly bring the violation back.
 */
function radixInlineStyles(): Plugin {
  const files = /[\\/]@radix-ui[\\/]react-(select|scroll-area)[\\/]dist[\\/]index\.mjs$/;
  const element = /\/\* @__PURE__ \*\/ jsx\(\s*"style",\s*\{\s*dangerouslySetInnerHTML:\s*\{\s*__html:\s*`[^`]*`\s*\},\s*nonce\s*\}\s*\)/g;
  return {
    name: "presswright:radix-inline-styles",
    apply: "build",
    transform(code, id) {
      if (!files.test(id)) return null;
      const replaced = code.replace(element, "null");
      if (replaced === code) this.error(`no inline <style> element found to drop in ${id}: check the Radix upgrade`);
      return { code: replaced, map: null };
    },
  };
}

/**
 * Next to every text file of the build, its gzip (.gz) and brotli (.br) forms, compressed once
 * at build time, for a server that picks one by Accept-Encoding instead of sending the file
 * uncompressed or compressing it on every request.
 */
function precompress(): Plugin {
  const text = /\.(js|css|html|svg|json|txt)$/;
  return {
    name: "presswright:precompress",
    apply: "build",
    // From the files as written: later generateBundle hooks still rewrite chunks (preloads).
    writeBundle(options, bundle) {
      const dir = options.dir ?? "";
      for (const fileName of Object.keys(bundle)) {
        if (!text.test(fileName)) continue;
        const file = join(dir, fileName);
        const raw = readFileSync(file);
        if (raw.length < 1024) continue; // not worth a round of decompression
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          }),
        );
      }
    },
  };
}

/**
 * Fails the build when two chunks import each other (directly or through others): with
 * strictExecutionOrder off, a chunk in such a cycle may run before the modules it needs from
 * the other have (seen as "o is not a function" in charts), so a cycle is an error, not a risk.
 */
function acyclicChunks(): Plugin {
  return {
    name: "presswright:acyclic-chunks",
    apply: "build",
    generateBundle(_options, bundle) {
      const imports = new Map<string, string[]>();
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type === "chunk") imports.set(fileName, output.imports);
      }
      const done = new Set<string>();
      const path: string[] = [];
      const visit = (fileName: string): void => {
        const at = path.indexOf(fileName);
        if (at !== -1) this.error(`chunks import each other: ${[...path.slice(at), fileName].join(" -> ")}`);
        if (done.has(fileName)) return;
        path.push(fileName);
        for (const imported of imports.get(fileName) ?? []) visit(imported);
        path.pop();
        done.add(fileName);
      };
      for (const fileName of imports.keys()) visit(fileName);
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [react(), tailwindcss(), radixInlineStyles(), precompress(), acyclicChunks()],
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${fileURLToPath(new URL("./src", import.meta.url))}/` },
      // CSP-safe scroll lock styles for Radix (see the module): no <style> element with text.
      {
        find: /^react-style-singleton$/,
        replacement: fileURLToPath(new URL("./src/lib/vendor/react-style-singleton.ts", import.meta.url)),
      },
    ],
  },
  build: {
    outDir: "../src/presswright/studio/dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The CSP forbids inline scripts and styles: no asset may be inlined as a data: URL
    // module either way, so keep every asset a file of its own.
    assetsInlineLimit: 0,
    // The app chunk (React DOM, the router, the query client, the shell: what every screen needs)
    // is about 520 KB before compression, 165 KB gzipped; scripts/bundle-size.mjs holds the first
    // screen to its budget, gzipped.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      preserveEntrySignatures: "allow-extension",
      output: {
        // Off: wrapping every module to run in source order across chunks (rolldown's
        // strictExecutionOrder) made the app chunk's evaluation, the longest task of a page's
        // start, nearly twice as long. Plain ES module order is right as long as no two chunks
        // import each other, which acyclicChunks() below checks on every build.
        strictExecutionOrder: false,
        // The shared chunks are named by the screens that load them (shared~a-screen~b-screen):
        // only their hash in the file name, so that a screen's own chunk is the one named after it.
        chunkFileNames: (chunk) => (chunk.name.startsWith("shared") ? "assets/shared-[hash].js" : "assets/[name]-[hash].js"),
        // manualChunks, in rolldown's words.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            // Everything the entry loads, in one file, claimed first: the page's first request
            // brings it whole (not 7 files, 6 at a time per server, once the entry's imports are
            // read), and no group below can take React or the router away from it.
            { name: "app", tags: ["$initial"], priority: 5 },
            { name: "viz-common", test: VIZ_COMMON, priority: 4 },
            // With their own dependencies (React is the app chunk's by then): a dependency left
            // out lands in a chunk of a screen that imports charts, which charts then imports back.
            { name: "canvas", test: CANVAS, priority: 3, includeDependenciesRecursively: true },
            { name: "charts", test: CHARTS, priority: 2, includeDependenciesRecursively: true },
            // Code shared by several lazy screens, by the set of screens that share it, but no
            // file under 2 KB: those join a neighbour (a screen then loads up to 2 KB it may not
            // use) instead of costing a request each; the Content Studio opened in 17 files.
            { name: "shared", minShareCount: 2, entriesAware: true, entriesAwareMergeThreshold: 2 * 1024 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", changeOrigin: false },
    },
  },
});
