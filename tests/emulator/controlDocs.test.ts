// The emulator's control API is documented where an installed package has it: the "Control API" table of
// docs/emulator.md (the package ships docs/, not testing/emulator/server.ts). Every route the server answers must be in it.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

describe("the emulator's control API documentation", () => {
  it("docs/emulator.md's table lists every control route the server answers, and points at no unshipped source for it", () => {
    const server = fs.readFileSync(path.join(root, "testing", "emulator", "server.ts"), "utf8");
    const readme = fs.readFileSync(path.join(root, "docs", "emulator.md"), "utf8");
    const table = readme.slice(readme.indexOf("**Control API**"), readme.indexOf("The same from code"));
    const routes = [...server.matchAll(/case "(GET|PUT|POST|DELETE) ([a-z]+(?:\/\*(?:\/[a-z]+)?)?)":/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.ok(routes.length >= 15, `found ${routes.length} routes`);
    // Rows name requests as `GET /__emulator/monitors/{name}`, `DELETE …` (the same path again).
    const documented = new Set<string>();
    for (const row of table.split("\n").filter((l) => l.startsWith("| `"))) {
      let last = "";
      for (const m of row.split(" | ")[0].matchAll(/`(GET|PUT|POST|DELETE) (\/__emulator\/[^`\s[]+|…)/g)) {
        if (m[2] !== "…") last = m[2].replace(/^\/__emulator\//, "").replace(/\{[A-Za-z]+\}/g, "*");
        documented.add(`${m[1]} ${last}`);
      }
    }
    // POST faults is an alias of PUT faults.
    assert.deepEqual(routes.filter((r) => r !== "POST faults" && !documented.has(r)), []);
    assert.ok(table.includes("| `GET /__emulator/health` |"), "the Control API table is in docs/emulator.md");
    assert.equal(readme.includes("](testing/emulator/server.ts)") || readme.includes("](../testing/emulator/server.ts)"), false);
  });
});
