// Everything the emulator knows about the wire comes from the generated service model:
// routes, success codes, error statuses and which errors each operation may answer.
import { serviceModel } from "../../provider/client/generated/serviceModel";
import type { Operation, ServiceModel } from "../../provider/client/serviceModelTypes";

export const model: ServiceModel = serviceModel;

export type OperationName = keyof typeof serviceModel.operations & string;

export interface Route {
  operation: string;
  method: string;
  /** The model's requestUri template, e.g. `/monitors/{monitorName}`. */
  template: string;
  /** Names of the `{label}`s in template order. */
  labels: string[];
  regex: RegExp;
  responseCode: number;
}

function compileTemplate(template: string): { regex: RegExp; labels: string[] } {
  const labels: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const label = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (label) {
        labels.push(label[1]);
        // One path segment; clients percent-encode `/` inside labels such as ARNs.
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { regex: new RegExp(`^${source}$`), labels };
}

/** The router's table, built from every operation in the model. */
export const routes: Route[] = Object.values(model.operations).map((op: Operation) => {
  const { regex, labels } = compileTemplate(op.http.requestUri);
  return {
    operation: op.name,
    method: op.http.method,
    template: op.http.requestUri,
    labels,
    regex,
    responseCode: op.http.responseCode,
  };
});

export interface RouteMatch {
  route: Route;
  /** URL-decoded label values. */
  params: Record<string, string>;
}

export type RouteResult =
  | { kind: "match"; match: RouteMatch }
  | { kind: "bad-label"; route: Route; label: string }
  | { kind: "none" };

/** Finds the operation for a method and raw (still percent-encoded) path. */
export function matchRoute(method: string, rawPath: string): RouteResult {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(rawPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < route.labels.length; i++) {
      try {
        params[route.labels[i]] = decodeURIComponent(m[i + 1]);
      } catch {
        return { kind: "bad-label", route, label: route.labels[i] };
      }
    }
    return { kind: "match", match: { route, params } };
  }
  return { kind: "none" };
}

/** HTTP status of a modelled error shape. */
export function errorStatus(errorName: string): number {
  const shape = model.shapes[errorName];
  if (!shape || !shape.exception || !shape.error) throw new Error(`${errorName} is not a modelled error shape`);
  return shape.error.httpStatusCode;
}

/** The errors an operation may answer, per the model. */
export function modelledErrors(operation: string): string[] {
  const op = model.operations[operation];
  if (!op) throw new Error(`unknown operation ${operation}`);
  return op.errors.map((e) => e.shape);
}

export function isModelledError(operation: string, errorName: string): boolean {
  return modelledErrors(operation).includes(errorName);
}
