// Pure planning for Network Flow Monitor alarms: one CloudWatch alarm per monitor and metric, each on a
// CloudWatch Metrics Insights query over the namespace AWS/NetworkFlowMonitor. AWS's alarm guide selects the
// metrics by the dimension set [MeasurementSource, MonitorName] and does not document MeasurementSource's
// values, so the queries name only MonitorName and take the MAX across whatever sources exist (MAX rather than
// SUM so that sources that overlap are not counted twice). No I/O: the component in alarms.ts registers them.

export const METRIC_NAMESPACE = "AWS/NetworkFlowMonitor";

/** The metrics an alarm can watch, by their key in `alarms`. */
export const ALARM_METRICS = {
  healthIndicator: { metric: "HealthIndicator", slug: "health-indicator", unit: "1 = AWS network issue, 0 = healthy" },
  retransmissions: { metric: "Retransmissions", slug: "retransmissions", unit: "retransmissions" },
  timeouts: { metric: "Timeouts", slug: "timeouts", unit: "retransmission timeouts" },
  roundTripTime: { metric: "RoundTripTime", slug: "round-trip-time", unit: "microseconds" },
} as const;
export type AlarmMetricKey = keyof typeof ALARM_METRICS;
const METRIC_KEYS = Object.keys(ALARM_METRICS) as AlarmMetricKey[];

/** Every metric Network Flow Monitor publishes (the dashboard shows them all). */
export const ALL_METRICS = ["HealthIndicator", "Retransmissions", "Timeouts", "RoundTripTime", "DataTransferred"] as const;

export const DEFAULT_PERIOD = 300;
export const DEFAULT_EVALUATION_PERIODS = 1;
/** No data means no agent reports yet (or no traffic): not a reason to page anyone. */
export const TREAT_MISSING_DATA = "notBreaching";

/** One metric's settings, after defaults. */
export interface MetricAlarmSettings {
  threshold: number;
  comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
  evaluationPeriods: number;
  period: number;
}

export interface AlarmSettings {
  metrics: Partial<Record<AlarmMetricKey, MetricAlarmSettings>>;
  hasActions: boolean;
}

/** A Metrics Insights query giving one time series: the metric's MAX for one monitor, across measurement sources. */
export function metricsInsightsQuery(metric: string, monitorName: string): string {
  // Monitor names are [a-zA-Z0-9_.-]+ (the service's pattern), so a quote can only come from a bad value.
  if (!/^[a-zA-Z0-9_.-]+$/.test(monitorName)) throw new Error(`cannot query metrics of the monitor name ${JSON.stringify(monitorName)}`);
  return `SELECT MAX(${metric}) FROM SCHEMA("${METRIC_NAMESPACE}", MeasurementSource, MonitorName) WHERE MonitorName = '${monitorName}'`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

const isPositive = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/**
 * Checks `alarms` and fills in defaults. Problems are prefixed by their path; `hasActions` false means the
 * alarms notify nobody (a warning, not an error). `healthIndicator` defaults to true once `alarms` is given.
 */
export function checkAlarms(alarms: unknown, path = "alarms"): { settings?: AlarmSettings; problems: string[] } {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (alarms === undefined) return { problems: [] };
  if (!isPlainObject(alarms)) {
    return { problems: [`${path || "arguments"}: must be an object such as { actions: [topic.arn], retransmissions: { threshold: 100 } }; got ${show(alarms)}`] };
  }
  const problems: string[] = [];
  const known = ["actions", ...METRIC_KEYS];
  for (const k of Object.keys(alarms)) {
    if (!known.includes(k)) problems.push(`${at(k)}: unknown metric or setting: use ${known.join(", ")}`);
  }
  const actions = alarms.actions;
  if (actions !== undefined && !Array.isArray(actions)) problems.push(`${at("actions")}: must be a list of ARNs (e.g. [topic.arn]); got ${show(actions)}`);
  const hasActions = Array.isArray(actions) && actions.length > 0;

  const metrics: AlarmSettings["metrics"] = {};
  for (const key of METRIC_KEYS) {
    const raw = key === "healthIndicator" && alarms[key] === undefined ? true : alarms[key];
    if (raw === undefined || raw === false) continue;
    const p = at(key);
    if (key === "healthIndicator") {
      if (raw !== true && !isPlainObject(raw)) {
        problems.push(`${p}: must be true, false or { evaluationPeriods, period }; got ${show(raw)}`);
        continue;
      }
      const o = raw === true ? {} : (raw as Record<string, unknown>);
      if (o.threshold !== undefined) problems.push(`${p}.threshold: the health indicator alarms at 1 (an AWS network issue): leave threshold out`);
      const common = checkCommon(o, p, problems, ["evaluationPeriods", "period", "threshold"]);
      metrics[key] = { threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", ...common };
      continue;
    }
    if (!isPlainObject(raw)) {
      problems.push(`${p}: must be { threshold: <a positive number of ${ALARM_METRICS[key].unit}> }; got ${show(raw)}`);
      continue;
    }
    if (!isPositive(raw.threshold)) {
      problems.push(`${p}.threshold: must be a positive number (${ALARM_METRICS[key].unit}); got ${show(raw.threshold)}`);
    }
    const common = checkCommon(raw, p, problems, ["threshold", "evaluationPeriods", "period"]);
    metrics[key] = { threshold: raw.threshold as number, comparisonOperator: "GreaterThanThreshold", ...common };
  }
  return problems.length > 0 ? { problems } : { settings: { metrics, hasActions }, problems };
}

function checkCommon(o: Record<string, unknown>, p: string, problems: string[], allowed: string[]) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) problems.push(`${p}.${k}: unknown setting: use ${allowed.join(", ")}`);
  if (o.evaluationPeriods !== undefined && !isPositiveInt(o.evaluationPeriods)) {
    problems.push(`${p}.evaluationPeriods: must be a positive whole number; got ${show(o.evaluationPeriods)}`);
  }
  // Metrics Insights alarms evaluate whole minutes.
  if (o.period !== undefined && !(isPositiveInt(o.period) && (o.period as number) % 60 === 0)) {
    problems.push(`${p}.period: must be a multiple of 60 seconds; got ${show(o.period)}`);
  }
  return {
    evaluationPeriods: (o.evaluationPeriods as number | undefined) ?? DEFAULT_EVALUATION_PERIODS,
    period: (o.period as number | undefined) ?? DEFAULT_PERIOD,
  };
}

/** The message when alarms notify nobody. */
export const NO_ACTIONS_WARNING =
  "alarms: no `actions` given, so the alarms change state without notifying anyone: add e.g. `actions: [topic.arn]`";

/** A monitor the alarms watch: `key` names its alarms (the monitor's resource name), `monitorName` its metrics. */
export interface AlarmMonitor<V> {
  key: string;
  monitorName: V;
}

export interface PlannedAlarm<V> {
  /** `<monitor key>-<metric slug>`. */
  name: string;
  metricKey: AlarmMetricKey;
  metric: string;
  monitorName: V;
  settings: MetricAlarmSettings;
  treatMissingData: string;
  description: string;
}

/** One alarm per monitor and metric, ordered by monitor key then metric, so reordering the monitors changes nothing. */
export function planAlarms<V>(monitors: AlarmMonitor<V>[], settings: AlarmSettings): PlannedAlarm<V>[] {
  const sorted = [...monitors].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: PlannedAlarm<V>[] = [];
  for (const m of sorted) {
    for (const key of METRIC_KEYS) {
      const s = settings.metrics[key];
      if (!s) continue;
      const { metric, slug, unit } = ALARM_METRICS[key];
      const op = s.comparisonOperator === "GreaterThanOrEqualToThreshold" ? ">=" : ">";
      out.push({
        name: `${m.key}-${slug}`,
        metricKey: key,
        metric,
        monitorName: m.monitorName,
        settings: s,
        treatMissingData: TREAT_MISSING_DATA,
        description: `Network Flow Monitor: ${metric} ${op} ${s.threshold} (${unit}) for ${s.evaluationPeriods} period(s) of ${s.period} s`,
      });
    }
  }
  return out;
}
