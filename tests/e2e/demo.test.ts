// `make demo` stays true: the demo's steps run in the suite, through the engine in a box, and
// through the real `pulumi` CLI as well when one is on PATH.
import * as assert from "node:assert/strict";
import { runDemo } from "../../scripts/demo";
import { findPulumiCli } from "../../testing/engine";

describe("make demo (examples/basic on the emulator)", function () {
  this.timeout(300_000);

  async function demo(kind: "engine-in-a-box" | "pulumi-cli"): Promise<string[]> {
    const lines: string[] = [];
    try {
      await runDemo({ kind, activeAfterMs: 300, log: (l) => lines.push(l) });
    } catch (err) {
      assert.fail(`${(err as Error).message}\n${lines.join("\n")}`);
    }
    return lines;
  }

  it("runs every step through the engine in a box", async () => {
    const out = (await demo("engine-in-a-box")).join("\n");
    assert.match(out, /monitorStatus=ACTIVE/);
    assert.match(out, /replace \[diff: ~monitorName\]/);
    assert.match(out, /Demo finished: every step behaved\./);
  });

  const cli = findPulumiCli();
  (cli ? it : it.skip)(`runs every step through the real pulumi CLI${cli ? ` (${cli})` : " — skipped: no pulumi CLI on PATH"}`, async () => {
    const out = (await demo("pulumi-cli")).join("\n");
    assert.match(out, /Demo finished: every step behaved\./);
  });
});
