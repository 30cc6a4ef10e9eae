// Found by the 10,000-history run (seed 237) and shrunk. An up crashed while the scope was being created under
// stale reads; the recovery must converge (the same defects as seed 169).
import type { History } from "../../../testing/fuzz/history";
import { replayRegression } from "../helpers";

const history: History = {
  "seed": 237,
  "steps": [
    {
      "kind": "edit",
      "edit": {
        "kind": "add",
        "monitor": {
          "name": "m0",
          "local": [
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-00000000000000030",
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-00000000000000013"
          ],
          "remote": [],
          "tags": {
            "team": "secret-42d90ed5f125"
          },
          "secretTags": [
            "team"
          ]
        }
      }
    },
    {
      "kind": "op",
      "op": "up",
      "crashAfter": 2,
      "fault": {
        "kind": "stale-reads",
        "amount": 3
      }
    }
  ]
};

describe("fuzz regression: seed 237, an interrupted create under stale reads", function () {
  this.timeout(120_000);
  it("keeps every invariant", () => replayRegression(history));
});
