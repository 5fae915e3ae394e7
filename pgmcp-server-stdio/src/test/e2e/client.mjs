// Runs a scenario against a pgmcp server through the official MCP TypeScript SDK client.
// Usage: node client.mjs <scenario.json>
// The scenario: {"command": "java", "args": [...], "env": {...}, "calls": [{"tool": "...", "arguments": {...}}]}
// Prints one JSON document: {"serverInfo", "instructions", "tools", "results": [{isError, text, structuredContent}]}.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const scenario = JSON.parse(readFileSync(process.argv[2], "utf8"));
const transport = new StdioClientTransport({
  command: scenario.command,
  args: scenario.args,
  env: { ...process.env, ...(scenario.env ?? {}) },
  stderr: "inherit",
});
const client = new Client({ name: "pgmcp-e2e", version: "1.0.0" });
await client.connect(transport);

const output = {
  serverInfo: client.getServerVersion(),
  instructions: client.getInstructions(),
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
await client.close();
process.stdout.write(JSON.stringify(output));
