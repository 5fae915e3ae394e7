// An interactive session with a pgmcp server through the official MCP TypeScript SDK client, for tests
// that decide each call after seeing the previous answer, or that make hundreds of calls in one session.
// Usage: node session.mjs <server.json>, with {"command": "java", "args": [...], "env": {...}}.
// Prints {"ready": true, "tools": [names]} once connected. Then reads one call per line on standard input,
// {"tool": "...", "arguments": {...}}, and prints one answer per line, in order:
// {"isError", "text", "structuredContent"}, or {"isError": true, "protocolError": true, "text"} when the
// call got no tool result (a JSON-RPC error, or no answer within the SDK's request timeout).
// Ends the session when standard input ends.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const server = JSON.parse(readFileSync(process.argv[2], "utf8"));
const transport = new StdioClientTransport({
  command: server.command,
  args: server.args,
  env: { ...process.env, ...(server.env ?? {}) },
  stderr: "inherit",
});
const client = new Client({ name: "pgmcp-e2e-session", version: "1.0.0" });
await client.connect(transport);
const tools = (await client.listTools()).tools.map((t) => t.name);
process.stdout.write(JSON.stringify({ ready: true, tools }) + "\n");

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  const call = JSON.parse(line);
  let answer;
  try {
    const result = await client.callTool({ name: call.tool, arguments: call.arguments ?? {} });
    answer = {
      isError: result.isError === true,
      text: (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n"),
      structuredContent: result.structuredContent ?? null,
    };
  } catch (error) {
    answer = { isError: true, protocolError: true, text: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await client.close();
