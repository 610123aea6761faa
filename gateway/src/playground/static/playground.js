// The playground page's own script, run by the browser after React,
// ReactDOM and GraphiQL have set their globals. It is a file rather than
// an inline script so that the page's Content-Security-Policy can refuse
// every inline script.
(function renderPlayground() {
  'use strict';

  const settings = JSON.parse(
    document.getElementById('playground-settings').textContent,
  );

  // GraphiQL keeps tabs and history under keys of its own; the prefix
  // keeps ours apart from any other GraphiQL served on this origin, and
  // from tabs saved for examples that have since changed.
  function namespacedStorage(prefix) {
    const own = () =>
      Object.keys(localStorage).filter((key) => key.startsWith(prefix));
    return {
      getItem: (key) => localStorage.getItem(prefix + key),
      setItem: (key, value) => localStorage.setItem(prefix + key, value),
      removeItem: (key) => localStorage.removeItem(prefix + key),
      get length() {
        return own().length;
      },
      clear: () => own().forEach((key) => localStorage.removeItem(key)),
    };
  }

  const storage = namespacedStorage(`${settings.storageNamespace}:`);

  // GraphiQL 4.1 fills the first tab's variables editor from what it last
  // stored rather than from defaultTabs, so a first visit stores them.
  if (storage.getItem('graphiql:tabState') === null) {
    storage.setItem('graphiql:variables', settings.tabs[0].variables);
  }

  // The page is served at the GraphQL path itself, so operations go to
  // the page's own path, which keeps any prefix a proxy serves it under.
  const send = GraphiQL.createFetcher({ url: window.location.pathname });
  const defaultHeaders = settings.headers && JSON.parse(settings.headers);

  // GraphiQL asks for the schema before its headers editor exists, so that
  // request would go without the key: a schema request without headers
  // gets the default ones. Operations send what the headers editor shows.
  function fetcher(params, options) {
    const schemaRequest = params.operationName === 'IntrospectionQuery';
    return schemaRequest && defaultHeaders && !options?.headers
      ? send(params, { ...options, headers: defaultHeaders })
      : send(params, options);
  }

  const props = {
    fetcher,
    defaultTabs: settings.tabs,
    // Tabs restored from storage and new tabs get these headers, because
    // the headers themselves are never stored.
    defaultHeaders: settings.headers,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'variables',
    storage,
  };

  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  const logo = React.createElement(GraphiQL.Logo, null, 'Cassette');
  root.render(React.createElement(GraphiQL, props, logo));
})();
