// @pulumi/aws (a peer dependency) is loaded when an agents, alarms or dashboard component is constructed, not
// when the package is imported: a program that uses none of them never loads it, as before these parts existed.
import type * as Aws from "@pulumi/aws";

export type { Aws };

export function loadAws(): typeof Aws {
  return require("@pulumi/aws") as typeof Aws;
}
