// The account's one scope in the Region: `mode: lookup` reuses it with getScope, `mode: create` creates one
// (the suite creates one only when the account has none), tagged by the `tags` config object.
import * as pulumi from "@pulumi/pulumi";
import { getScopeOutput, Scope } from "pulumi-networkflowmonitor";

const config = new pulumi.Config();
const mode = config.require("mode");
let scopeArn: pulumi.Output<string>;
let status: pulumi.Output<string>;
if (mode === "create") {
  const scope = new Scope("scope", { tags: config.requireObject<Record<string, string>>("tags") });
  scopeArn = scope.scopeArn;
  status = scope.status;
} else {
  const found = getScopeOutput();
  scopeArn = found.scopeArn;
  status = found.status;
}

export { scopeArn, status };
