// Pure planning for a workload's CloudWatch dashboard: one graph per Network Flow Monitor metric, one line per
// monitor, each line a Metrics Insights query (see alarmsPlan.ts for why). No I/O: dashboard.ts registers it.
import { ALL_METRICS, DEFAULT_PERIOD, metricsInsightsQuery } from "./alarmsPlan";

/** PutDashboard: names are 1 to 255 letters, digits, "-" and "_". */
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

const TITLES: Record<(typeof ALL_METRICS)[number], string> = {
  HealthIndicator: "Network health indicator (1 = AWS network issue)",
  Retransmissions: "TCP retransmissions",
  Timeouts: "TCP retransmission timeouts",
  RoundTripTime: "Round-trip time (microseconds)",
  DataTransferred: "Data transferred (bytes)",
};

/** A default dashboard name from the component's and the stack's names, so two stacks never share one. */
export function defaultDashboardName(componentName: string, stack: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return [clean(componentName), clean(stack)].filter((s) => s).join("-").slice(0, 255) || "network-flow-monitor";
}

/** Checks `dashboard`: `true`, `false`, or `{ name }`. */
export function checkDashboard(dashboard: unknown, path = "dashboard"): string[] {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (dashboard === undefined || typeof dashboard === "boolean") return [];
  if (dashboard === null || typeof dashboard !== "object" || Array.isArray(dashboard)) {
    return [`${path || "arguments"}: must be true, false or { name: "..." }; got ${JSON.stringify(dashboard)}`];
  }
  const problems: string[] = [];
  const d = dashboard as Record<string, unknown>;
  for (const k of Object.keys(d)) if (k !== "name") problems.push(`${at(k)}: unknown setting: use name`);
  if (d.name !== undefined && (typeof d.name !== "string" || !DASHBOARD_NAME.test(d.name))) {
    problems.push(`${at("name")}: must be 1 to 255 letters, digits, "-" or "_"; got ${JSON.stringify(d.name)}`);
  }
  return problems;
}

/** The dashboard body (valid dashboard-body JSON): a graph per metric, two per row, a line per monitor. */
export function dashboardBody(args: { region: string; monitorNames: string[]; period?: number }): string {
  const names = [...args.monitorNames].sort();
  const widgets = ALL_METRICS.map((metric, i) => ({
    type: "metric",
    x: (i % 2) * 12,
    y: Math.floor(i / 2) * 6,
    width: 12,
    height: 6,
    properties: {
      title: TITLES[metric],
      region: args.region,
      view: "timeSeries",
      period: args.period ?? DEFAULT_PERIOD,
      metrics: names.map((n, j) => [{ expression: metricsInsightsQuery(metric, n), label: n, id: `m${j + 1}` }]),
    },
  }));
  return JSON.stringify({ widgets });
}

/** The console page of a dashboard. */
export function dashboardUrl(region: string, name: string): string {
  const host = region.startsWith("cn-")
    ? "console.amazonaws.cn"
    : region.startsWith("us-gov-")
      ? "console.amazonaws-us-gov.com"
      : `${region}.console.aws.amazon.com`;
  return `https://${host}/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(name)}`;
}
