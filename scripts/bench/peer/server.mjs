// The peer of partnermap's API benchmark: @neo4j/graphql on Apollo Server, over the Neo4j
// database partnermap writes (scripts/bench/bench_peer.py starts it).
//
//   node server.mjs --neo4j neo4j://127.0.0.1:7687 --port 4000 [--print-schema]
//
// Listens on 127.0.0.1 only and answers POST /graphql. Authentication: NEO4J_USER and
// NEO4J_PASSWORD if set (the dev server runs without).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { printSchema } from "graphql";
import neo4j from "neo4j-driver";

const { values } = parseArgs({
  options: {
    neo4j: { type: "string", default: "neo4j://127.0.0.1:7687" },
    port: { type: "string", default: "4000" },
    "print-schema": { type: "boolean", default: false },
  },
});

const typeDefs = readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");
const auth = process.env.NEO4J_USER
  ? neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD ?? "")
  : undefined;
const driver = neo4j.driver(values.neo4j, auth, { userAgent: "partnermap-peer-bench" });
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
if (values["print-schema"]) {
  process.stdout.write(printSchema(schema));
  await driver.close();
  process.exit(0);
}

const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(values.port) },
});
console.log(`peer ready at ${url}`);

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  });
}
