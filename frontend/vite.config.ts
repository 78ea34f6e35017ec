import { fileURLToPath, URL } from "node:url";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Heavy libraries that only some screens need: each goes in one chunk of its own, loaded
// on demand by the lazy screens that import it, so the first screen never pays for them.
const CANVAS = /[\\/]node_modules[\\/](@xyflow|zustand|classcat)[\\/]/;
const CHARTS =
  /[\\/]node_modules[\\/](recharts|victory-vendor|@reduxjs|react-redux|redux|redux-thunk|immer|reselect|decimal\.js-light|eventemitter3|es-toolkit|tiny-invariant|internmap|d3-(array|format|interpolate|color|path|scale|shape|time|time-format))[\\/]/;

export default defineConfig({
  base: "/",
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    outDir: "../src/presswright/studio/dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The CSP forbids inline scripts and styles: no asset may be inlined as a data: URL
    // module either way, so keep every asset a file of its own.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // manualChunks, in rolldown's words: the canvas and the charts are separate chunks.
        codeSplitting: {
          // Only the modules matched: pulling in their dependencies would move React itself into
          // the charts chunk and make the first screen load it.
          includeDependenciesRecursively: false,
          groups: [
            { name: "canvas", test: CANVAS, priority: 2 },
            { name: "charts", test: CHARTS, priority: 1 },
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
