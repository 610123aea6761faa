import type { PlaygroundTab } from './examples';

/** What the browser script reads from the page, as JSON. */
export interface PageSettings {
  /** Saved tabs live under this prefix in localStorage. */
  storageNamespace: string;
  tabs: PlaygroundTab[];
  /** The headers editor's text for every new tab. */
  headers?: string;
}

export interface PageAssets {
  styles: readonly string[];
  scripts: readonly string[];
}

/** The id of the element holding PageSettings; playground.js reads it. */
export const SETTINGS_ELEMENT_ID = 'playground-settings';

/**
 * Everything the page loads comes from the gateway itself. GraphiQL's
 * fonts and icons are data: URLs inside its stylesheet, and its dialogs
 * add a style element whose content depends on the scrollbar's width, so
 * no hash could allow it: inline styles are allowed, inline scripts not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// JSON inside a script element ends at the first "</script", and "<!--"
// changes how the element is parsed; escaped, no text can do either.
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

// URLs are built from hashes and file names of our own; escaping them all
// the same keeps that an assumption no one has to check.
function attribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;');
}

/** The playground's HTML: no inline script or style, settings as JSON. */
export function renderPage(settings: PageSettings, assets: PageAssets): string {
  const styles = assets.styles.map(
    (url) => `<link rel="stylesheet" href="${attribute(url)}">`,
  );
  const scripts = assets.scripts.map(
    (url) => `<script src="${attribute(url)}"></script>`,
  );

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Cassette playground</title>',
    // An empty icon, so the browser asks for no /favicon.ico.
    '<link rel="icon" href="data:,">',
    ...styles,
    '</head>',
    '<body>',
    '<div id="graphiql">Loading the playground…</div>',
    '<noscript>The playground needs JavaScript.</noscript>',
    `<script type="application/json" id="${SETTINGS_ELEMENT_ID}">${jsonForScript(settings)}</script>`,
    ...scripts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
