// Seed 4885 on the plugin front end (found when the fuzzer gained it; also seeds 498 and 4116). The 5-step history of
// seed-4885-secret-after-interrupted-update.test.ts, with the crash one journal entry later (on the plugin the update
// pass first writes the default provider's same step), so that it again cuts the `up` once m1's update adding the
// secret tag `env` has begun. AWS has the tag; the state keeps the old inputs, which had no `env`. The plugin accepts
// secrets, so the engine re-marks nothing (provider_plugin.go runs annotateSecrets only for a provider that does
// not), and the plugin's Read marked secret only the paths secret in what it was sent: `env` came back in plain text.
// Fixed with the dynamic one: the marker tag of secret tags (provider/common/secretTags.ts) tells Read that `env` is
// secret, and the plugin marks it so (provider/plugin/server.ts `read`).
import type { History } from "../../../testing/fuzz/history";
import { replayRegression } from "../helpers";

const history: History = {
  "seed": 4885,
  "steps": [
    {
      "kind": "edit",
      "edit": {
        "kind": "add",
        "monitor": {
          "name": "m0",
          "local": [
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-00000000000000019",
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0000000000000001e"
          ],
          "remote": [
            "DynamoDB"
          ],
          "tags": {
            "team": "v-0b5d1d",
            "cost": "v-5f25cf"
          },
          "secretTags": []
        }
      }
    },
    {
      "kind": "edit",
      "edit": {
        "kind": "add",
        "monitor": {
          "name": "m1",
          "local": [
            "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0000000000000000f"
          ],
          "remote": [
            "S3"
          ],
          "tags": {},
          "secretTags": []
        }
      }
    },
    {
      "kind": "op",
      "op": "up"
    },
    {
      "kind": "edit",
      "edit": {
        "kind": "tags",
        "name": "m1",
        "tags": {
          "team": "v-150000",
          "env": "secret-d9c1a1c735c5"
        },
        "secretTags": [
          "env"
        ]
      }
    },
    {
      "kind": "op",
      "op": "up",
      "crashAfter": 5
    }
  ]
};

describe("fuzz regression: seed 4885 on the plugin front end, a secret tag written by an interrupted update, then refreshed", function () {
  this.timeout(120_000);
  it("keeps every invariant: the refresh returns the new secret tag as a secret", () => replayRegression(history, "plugin"));
});
