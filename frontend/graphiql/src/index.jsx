// partnermap's GraphiQL: GraphiQL, React and the explorer plugin, bundled by build.mjs into
// partnermap/api/static/graphiql/ so that the API serves every byte itself (no CDN).
// The page (partnermap/api/graphiql.py) passes its settings as a JSON data block, not as
// inline script: the Content-Security-Policy allows scripts from 'self' only.
import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { parse } from "graphql";
import "graphiql/graphiql.css";
import "@graphiql/plugin-explorer/dist/style.css";
import "./page.css";

function readConfig() {
  const element = document.getElementById("pm-graphiql-config");
  return JSON.parse(element ? element.textContent : "{}");
}

function operationNames(query) {
  try {
    return parse(query)
      .definitions.filter((d) => d.kind === "OperationDefinition")
      .map((d) => (d.name ? d.name.value : null));
  } catch (error) {
    return null;
  }
}

function makeFetcher(endpoint) {
  // Same-origin POST of JSON; headers typed in GraphiQL's header editor (an API key) go along.
  return async (params, options) => {
    // GraphiQL updates the operation name ~100 ms after a tab switch: run at once, and it
    // would send the previous tab's name. A one-operation document needs no name.
    const names = params.query ? operationNames(params.query) : null;
    if (params.operationName && names && names.length === 1 && names[0] !== params.operationName) {
      params = { ...params, operationName: names[0] };
    }
    const response = await fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        ...((options && options.headers) || {}),
      },
      body: JSON.stringify(params),
    });
    return response.json();
  };
}

const config = readConfig();
const tabs = [config.welcome, ...(config.operations || [])]
  .filter(Boolean)
  .map((op) => ({ query: op.query, variables: op.variables || undefined }));
const explorer = explorerPlugin({ showAttribution: false });

window.partnermap = { ready: false, schemaLoaded: false };

function App() {
  return (
    <GraphiQL
      fetcher={makeFetcher(config.endpoint || "/graphql")}
      defaultTabs={tabs}
      plugins={[explorer]}
      defaultEditorToolsVisibility={true}
      shouldPersistHeaders={false}
      isHeadersEditorEnabled={true}
      onSchemaChange={(schema) => {
        window.partnermap.schemaLoaded = Boolean(schema);
      }}
    />
  );
}

const root = document.getElementById("graphiql");
createRoot(root).render(<App />);
window.partnermap.ready = true;
