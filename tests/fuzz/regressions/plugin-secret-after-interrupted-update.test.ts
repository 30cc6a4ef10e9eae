// KNOWN, NOT FIXED: seed 4885 on the plugin front end. The 5-step history of
// seed-4885-secret-after-interrupted-update.test.ts, with the crash one journal entry later (on the plugin the update
// pass first writes the default provider's same step), so that it again cuts the `up` once m1's update adding the
// secret tag `env` has begun (its pending operation is the last entry kept). AWS has the tag; the state keeps the old inputs, which had no
// `env`. The recovering refresh calls the plugin's Read, and the plugin marks secret only the paths that were secret
// in the state and old inputs it was sent (provider/plugin/server.ts `read`, wire.ts `markSecrets`): `env` is not
// among them, so the refreshed inputs hold it in plain text (invariant 5, journal entry 17 at
// `.resources[4].inputs.tags.env`) until the next `up` stores the program's secret inputs. The plugin accepts secrets,
// so the engine re-marks nothing (provider_plugin.go runs annotateSecrets only for a provider that does not): only
// the plugin can keep it secret. Pending, like the dynamic one; un-skip with the fix. (The known orphans-command
// finding, testing/fuzz/known.ts, is tolerated by replayRegression while present.)
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
  it.skip("keeps every invariant (known: the refreshed state holds the new secret tag in plain text)", () => replayRegression(history, "plugin"));
});
