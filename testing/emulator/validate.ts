// Request binding and validation walked from the model's shapes: nothing here names a field.
// Messages follow AWS's Coral style:
//   1 validation error detected: Value 'x' at 'path' failed to satisfy constraint: Member must ...
import { model } from "./model";
import type { MemberRef, Shape } from "../../provider/client/serviceModelTypes";

export interface Violation {
  /** Field path, e.g. `monitorName`, `localResources[0].type`, `tags["k"]`. */
  path: string;
  /** The rule, e.g. `Member must not be null`. */
  rule: string;
  value: unknown;
}

function shapeOf(ref: MemberRef | { shape: string }): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`model has no shape ${ref.shape}`);
  return shape;
}

function join(base: string, member: string): string {
  return base ? `${base}.${member}` : member;
}

const regexCache = new Map<string, RegExp>();
/** The model's pattern anchored to the whole value, as AWS applies it. */
export function anchoredPattern(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, "u");
    regexCache.set(pattern, re);
  }
  return re;
}

/** Walks `value` against shape `shapeName`, returning every violation found. */
export function validateShape(shapeName: string, value: unknown, path = ""): Violation[] {
  const out: Violation[] = [];
  walk(model.shapes[shapeName] ?? fail(shapeName), value, path, out);
  return out;
}

function fail(shapeName: string): never {
  throw new Error(`model has no shape ${shapeName}`);
}

function walk(shape: Shape, value: unknown, path: string, out: Violation[]): void {
  const add = (rule: string): void => {
    out.push({ path, rule, value });
  };
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return add("Member must be a structure");
      const obj = value as Record<string, unknown>;
      const members = shape.members ?? {};
      if (shape.union) {
        const set = Object.keys(members).filter((m) => obj[m] !== undefined && obj[m] !== null);
        if (set.length !== 1) add(`Member must have exactly one of [${Object.keys(members).join(", ")}] set`);
      }
      for (const [name, ref] of Object.entries(members)) {
        const child = obj[name];
        const childPath = join(path, name);
        if (child === undefined || child === null) {
          if (shape.required?.includes(name)) out.push({ path: childPath, rule: "Member must not be null", value: null });
          continue;
        }
        walk(shapeOf(ref), child, childPath, out);
      }
      // Members the model does not know are ignored, as AWS does.
      return;
    }
    case "list": {
      if (!Array.isArray(value)) return add("Member must be a list");
      sizeRules(shape, value.length, add);
      value.forEach((item, i) => {
        if (item === null || item === undefined) out.push({ path: `${path}[${i}]`, rule: "Member must not be null", value: null });
        else walk(shapeOf(shape.member!), item, `${path}[${i}]`, out);
      });
      return;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return add("Member must be a map");
      const entries = Object.entries(value as Record<string, unknown>);
      sizeRules(shape, entries.length, add);
      const keyShape = shapeOf(shape.key!);
      const valueShape = shapeOf(shape.value!);
      for (const [k, v] of entries) {
        const keyViolations: Violation[] = [];
        walk(keyShape, k, path, keyViolations);
        for (const kv of keyViolations) out.push({ path, rule: `Map keys must satisfy constraint: [${kv.rule}]`, value: k });
        if (v === null || v === undefined) out.push({ path: `${path}[${JSON.stringify(k)}]`, rule: "Member must not be null", value: null });
        else walk(valueShape, v, `${path}[${JSON.stringify(k)}]`, out);
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") return add("Member must be a string");
      sizeRules(shape, [...value].length, add);
      if (shape.pattern !== undefined && !anchoredPattern(shape.pattern).test(value)) {
        add(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.enum && !shape.enum.includes(value)) add(`Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      return;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) return add("Member must be an integer");
      if (shape.min !== undefined && value < shape.min) add(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) add(`Member must have value less than or equal to ${shape.max}`);
      return;
    }
    case "double":
    case "float":
      if (typeof value !== "number") add("Member must be a number");
      return;
    case "boolean":
      if (typeof value !== "boolean") add("Member must be a boolean");
      return;
    case "timestamp":
      if (typeof value !== "number" && typeof value !== "string") add("Member must be a timestamp");
      return;
    case "blob":
      if (typeof value !== "string") add("Member must be a base64-encoded blob");
      return;
  }
}

function sizeRules(shape: Shape, size: number, add: (rule: string) => void): void {
  if (shape.min !== undefined && size < shape.min) add(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) add(`Member must have length less than or equal to ${shape.max}`);
}

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.length > 200 ? `${text.slice(0, 200)}...` : text}'`;
}

/** One violation in AWS's words. */
export function describeViolation(v: Violation): string {
  return `Value ${renderValue(v.value)} at '${v.path}' failed to satisfy constraint: ${v.rule}`;
}

/** The ValidationException message for a list of messages, AWS style. */
export function validationMessage(messages: string[]): string {
  const n = messages.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${messages.join("; ")}`;
}

export interface RawRequest {
  /** URL-decoded URI labels. */
  params: Record<string, string>;
  /** Query parameters; repeated keys hold every value in order. */
  query: Record<string, string[]>;
  /** The parsed JSON body (an object), or undefined when there was none. */
  body: Record<string, unknown> | undefined;
}

/**
 * Builds an operation's input from URI labels, query string and body as the model binds each
 * member (`location`), then validates it. Query values are converted to the member's type.
 */
export function bindAndValidate(operation: string, raw: RawRequest): { input: Record<string, unknown>; violations: Violation[] } {
  const op = model.operations[operation];
  const input: Record<string, unknown> = {};
  const violations: Violation[] = [];
  if (!op.input) return { input, violations };
  const inputShape = model.shapes[op.input.shape];
  for (const [name, ref] of Object.entries(inputShape.members ?? {})) {
    const wireName = ref.locationName ?? name;
    const memberShape = shapeOf(ref);
    if (ref.location === "uri") {
      if (raw.params[wireName] !== undefined) input[name] = raw.params[wireName];
    } else if (ref.location === "querystring") {
      const values = raw.query[wireName];
      if (values === undefined) continue;
      if (memberShape.type === "list") input[name] = values;
      else if (memberShape.type === "integer" || memberShape.type === "long") {
        const text = values[values.length - 1];
        const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
        if (Number.isNaN(n)) violations.push({ path: name, rule: "Member must be an integer", value: text });
        else input[name] = n;
      } else input[name] = values[values.length - 1];
    } else if (ref.location === undefined && raw.body && raw.body[name] !== undefined) {
      input[name] = raw.body[name];
    }
  }
  const typeErrorPaths = new Set(violations.map((v) => v.path));
  const walked = validateShape(op.input.shape, input).filter((v) => !typeErrorPaths.has(v.path));
  return { input, violations: [...violations, ...walked] };
}
