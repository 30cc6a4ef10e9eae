// The code `pulumi import` prints for the resources it imported (pkg/cmd/pulumi/operations/import.go prints it after
// "Please copy the following code into your Pulumi application..."), here for a Node.js program in TypeScript with
// no generated SDK: a `pulumi.CustomResource` subclass with the type token, the imported inputs, and `protect`.
import { isSecret } from "./plan";
import type { StateResource } from "./types";

/** A TypeScript identifier for a resource name: camelCase of its words, `_` first when it starts with a digit. */
export function variableName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  const id = camel || "resource";
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

/** A value as TypeScript source; secrets as `pulumi.secret(...)`. */
export function literal(value: unknown, indent: string): string {
  if (isSecret(value)) return `pulumi.secret(${literal(value.value, indent)})`;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${indent}    ${literal(v, `${indent}    `)},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
    return `{\n${entries.map(([k, v]) => `${indent}    ${key(k)}: ${literal(v, `${indent}    `)},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The declarations to add to the program for imported resources (engine-reserved `__` inputs left out). */
export function importCode(resources: StateResource[]): string {
  const lines = [
    'import * as pulumi from "@pulumi/pulumi";',
    "",
    "// CustomResource is abstract only to TypeScript; a generated SDK (pulumi package add) gives typed classes instead.",
    "class Resource extends pulumi.CustomResource {}",
    "",
  ];
  for (const r of resources) {
    const inputs = Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !k.startsWith("__")));
    const opts = r.protect ? "{\n    protect: true,\n}" : "{}";
    lines.push(`const ${variableName(r.name)} = new Resource(${JSON.stringify(r.type)}, ${JSON.stringify(r.name)}, ${literal(inputs, "")}, ${opts});`);
  }
  return `${lines.join("\n")}\n`;
}
