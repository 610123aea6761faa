import type { PlaygroundTab } from './examples';
import { renderPage, SETTINGS_ELEMENT_ID, type PageSettings } from './page';

const HOSTILE = '</script><script>alert(1)</script><!-- & -->';

function settingsWith(tab: PlaygroundTab): PageSettings {
  return {
    storageNamespace: 'cassette-playground:test',
    tabs: [tab],
  };
}

// The text of the settings element, as the browser script reads it.
function settingsText(html: string): string {
  const start = html.indexOf(`id="${SETTINGS_ELEMENT_ID}">`);
  const end = html.indexOf('</script>', start);
  return html.slice(html.indexOf('>', start) + 1, end);
}

describe('renderPage', () => {
  const assets = {
    styles: ['/playground/a/graphiql.min.css', '/playground/b/playground.css'],
    scripts: ['/playground/c/react.js', '/playground/d/playground.js'],
  };

  it('gives the browser script back exactly the settings, whatever they hold', () => {
    const settings = settingsWith({
      query: `# ${HOSTILE}\n{ items { edges { cursor } } }`,
      variables: JSON.stringify({ content: HOSTILE }),
      headers: '{"authorization": "Bearer cas_key"}',
    });

    const html = renderPage(settings, assets);

    expect(JSON.parse(settingsText(html))).toEqual(settings);
    expect(settingsText(html)).not.toMatch(/[<>&]/);
  });

  it('loads the styles and then the scripts in the order given, as files', () => {
    const html = renderPage(settingsWith({ query: '', variables: '' }), assets);

    const urls = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map(
      ([, url]) => url,
    );
    expect(urls).toEqual(['data:,', ...assets.styles, ...assets.scripts]);
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      `<script type="application/json" id="${SETTINGS_ELEMENT_ID}">`,
      ...assets.scripts.map((url) => `<script src="${url}">`),
    ]);
    expect(html).not.toContain('<style');
  });
});
