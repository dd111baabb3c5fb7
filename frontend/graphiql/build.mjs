// Bundle GraphiQL for partnermap: `npm ci && node build.mjs` (or `make graphiql` at the root).
// Writes graphiql.js and graphiql.css into partnermap/api/static/graphiql/, which is committed:
// a clone or `pip install` needs no npm, and nothing is fetched at run time.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, "../../partnermap/api/static/graphiql");

await build({
  entryPoints: { graphiql: path.join(here, "src/index.jsx") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir,
  legalComments: "linked",
  loader: { ".js": "jsx", ".woff2": "dataurl", ".woff": "dataurl", ".svg": "dataurl" },
  define: { "process.env.NODE_ENV": '"production"', global: "window" },
  jsx: "automatic",
  logLevel: "info",
});
