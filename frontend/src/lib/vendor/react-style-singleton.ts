// A stand-in for the `react-style-singleton` package (used by react-remove-scroll, which Radix
// dialogs, menus and selects use to lock page scrolling), aliased in vite.config.ts.
//
// The original adds a <style> element with text in it, which the studio's CSP
// (`style-src 'self'`, no 'unsafe-inline') blocks: the scroll lock fails and the console logs a
// violation. This one puts the same rules in a constructed stylesheet adopted by the document
// (CSSOM, which the CSP allows), with the same API and the same add/remove counting.
import { useEffect } from "react";

interface Sheet {
  add: (css: string) => void;
  remove: () => void;
}

export function stylesheetSingleton(): Sheet {
  let counter = 0;
  let sheet: CSSStyleSheet | null = null;
  return {
    add(css: string) {
      if (counter === 0 && typeof document !== "undefined") {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      }
      counter += 1;
    },
    remove() {
      counter -= 1;
      if (counter === 0 && sheet) {
        const removed = sheet;
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((entry) => entry !== removed);
        sheet = null;
      }
    },
  };
}

export function styleHookSingleton(): (styles: string, isDynamic?: boolean) => void {
  const sheet = stylesheetSingleton();
  return (styles: string, isDynamic?: boolean) => {
    useEffect(() => {
      sheet.add(styles);
      return () => {
        sheet.remove();
      };
      // Same dependency as the original: re-applied only when dynamic styles change.
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [isDynamic ? styles : false]);
  };
}

export function styleSingleton(): (props: { styles: string; dynamic?: boolean }) => null {
  const useStyle = styleHookSingleton();
  return function Sheet({ styles, dynamic }: { styles: string; dynamic?: boolean }) {
    useStyle(styles, dynamic);
    return null;
  };
}
