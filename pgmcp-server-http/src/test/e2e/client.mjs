// Runs a scenario against a pgmcp HTTP server through the official MCP TypeScript SDK client
// (StreamableHTTPClientTransport). Usage: node client.mjs <scenario.json>
// The scenario: {"url": "http://127.0.0.1:8080/mcp", "headers": {...}?, "calls": [{"tool": "...", "arguments": {...}}]}
// Prints one JSON document: {"serverInfo", "instructions", "sessionId", "tools", "results": [...]}.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const scenario = JSON.parse(readFileSync(process.argv[2], "utf8"));
const transport = new StreamableHTTPClientTransport(new URL(scenario.url),
  { requestInit: { headers: scenario.headers ?? {} } });
const client = new Client({ name: "pgmcp-http-e2e", version: "1.0.0" });
await client.connect(transport);

const output = {
  serverInfo: client.getServerVersion(),
  instructions: client.getInstructions(),
  sessionId: transport.sessionId ?? null,
  protocolVersion: transport.protocolVersion ?? null,
  tools: (await client.listTools()).tools,
  results: [],
};
for (const call of scenario.calls ?? []) {
  try {
    const result = await client.callTool({ name: call.tool, arguments: call.arguments ?? {} });
    output.results.push({
      isError: result.isError === true,
      text: (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n"),
      structuredContent: result.structuredContent ?? null,
    });
  } catch (error) {
    output.results.push({ isError: true, protocolError: true, text: String(error?.message ?? error) });
  }
}
try {
  await client.ping();
  output.ping = "ok";
} catch (error) {
  output.ping = String(error?.message ?? error);
}
if (transport.sessionId) {
  await transport.terminateSession();
}
await client.close();
process.stdout.write(JSON.stringify(output));
