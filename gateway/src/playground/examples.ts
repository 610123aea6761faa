/** One GraphiQL tab: the editors' contents, each as the editor shows it. */
export interface PlaygroundTab {
  query: string;
  /** JSON text. */
  variables: string;
  /** JSON text; absent leaves the headers editor empty. */
  headers?: string;
}

// Comment lines stay short enough to read in GraphiQL's narrowest editor.
const UPLOAD = `# Stores a text. Run it, then run the Items tab
# to see it listed first.
mutation Upload($input: UploadInput!) {
  upload(input: $input) {
    created
    item {
      id
      collection
      content
      createdAt
    }
  }
}
`;

const ITEMS = `# Newest first, a page at a time. For the next
# page, set "after" to this page's endCursor.
query Items($collection: String, $first: Int, $after: String) {
  items(collection: $collection, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        content
        createdAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

const ITEM = `# One item by id: paste an id from the Upload
# or Items results into the variables.
query Item($id: ID!) {
  item(id: $id) {
    id
    collection
    content
    contentType
    size
    sha256
    tags
    metadata {
      key
      value
    }
    createdAt
  }
}
`;

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The operations the playground opens with, one tab each. */
export const EXAMPLES: readonly Omit<PlaygroundTab, 'headers'>[] = [
  {
    query: UPLOAD,
    variables: json({
      input: { content: 'Hello from the playground', collection: 'default' },
    }),
  },
  { query: ITEMS, variables: json({ collection: 'default', first: 10 }) },
  { query: ITEM, variables: json({ id: 'paste an item id here' }) },
];

/** The headers editor's text that sends `apiKey` as a bearer credential. */
export function bearerHeaders(apiKey: string): string {
  return json({ authorization: `Bearer ${apiKey}` });
}

/** The example tabs, sending `apiKey` when one is given. */
export function exampleTabs(apiKey?: string): PlaygroundTab[] {
  if (apiKey === undefined) return EXAMPLES.map((example) => ({ ...example }));

  const headers = bearerHeaders(apiKey);
  return EXAMPLES.map((example) => ({ ...example, headers }));
}
