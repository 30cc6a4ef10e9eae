// CloudWatch alarms on Network Flow Monitor metrics, as a component over aws.cloudwatch.MetricAlarm: one alarm
// per monitor and metric, on a Metrics Insights query. Usable on its own; WorkloadMonitor wires it from `alarms`.
import * as pulumi from "@pulumi/pulumi";
import { loadAws, type Aws } from "./aws";
import { InvalidArgumentsError } from "./invalidArguments";
import type { MonitorResource } from "../frontEnd";
import { checkAlarms, metricsInsightsQuery, NO_ACTIONS_WARNING, planAlarms, type AlarmMonitor } from "./alarmsPlan";

export const MONITOR_ALARMS_TYPE = "networkflowmonitor:index:MonitorAlarms";

/** Settings of one metric's alarm. */
export interface MetricAlarmArgs {
  /** Alarm when the metric is above this (a count, or microseconds for `roundTripTime`). */
  threshold: number;
  /** Consecutive periods above the threshold before the alarm fires; default 1. */
  evaluationPeriods?: number;
  /** Seconds per period, a multiple of 60; default 300. */
  period?: number;
}

/** Which alarms to create, and who hears them. */
export interface AlarmsArgs {
  /** ARNs notified when an alarm fires and when it returns to OK (e.g. an SNS topic's). */
  actions?: pulumi.Input<string>[];
  /** The network health indicator: 1 means an AWS network issue. Default true. */
  healthIndicator?: boolean | Omit<MetricAlarmArgs, "threshold">;
  /** TCP retransmissions per period. */
  retransmissions?: MetricAlarmArgs;
  /** TCP retransmission timeouts per period. */
  timeouts?: MetricAlarmArgs;
  /** Round-trip time in microseconds (sparse: periods without data do not alarm). */
  roundTripTime?: MetricAlarmArgs;
}

/** Inputs of {@link MonitorAlarms}. */
export interface MonitorAlarmsArgs extends AlarmsArgs {
  /** The monitors: `Monitor` resources or the names of existing monitors. */
  monitors: (MonitorResource | string)[];
  /** The monitors' Region; defaults to the provider's. */
  region?: pulumi.Input<string>;
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

function alarmMonitor(m: MonitorResource | string): AlarmMonitor<pulumi.Input<string>> {
  if (typeof m === "string") return { key: m, monitorName: m };
  return { key: (m as unknown as { __name: string }).__name, monitorName: m.monitorName };
}

/**
 * One `aws.cloudwatch.MetricAlarm` per monitor and metric, named `<monitor>-<metric>`, on a Metrics Insights
 * query of the namespace `AWS/NetworkFlowMonitor`. Missing data does not alarm, so monitors whose agents have
 * not reported yet page nobody. Without `actions` the alarms notify nobody, and a warning says so.
 */
export class MonitorAlarms extends pulumi.ComponentResource {
  readonly alarms: Aws.cloudwatch.MetricAlarm[];
  /** The alarms' ARNs, ordered by monitor then metric. */
  readonly alarmArns: pulumi.Output<string[]>;

  constructor(name: string, args: MonitorAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { monitors, region, tags, ...settingsArgs } = args ?? ({} as MonitorAlarmsArgs);
    const checked = checkAlarms(settingsArgs, "");
    const problems = [...checked.problems];
    if (!Array.isArray(monitors) || monitors.length === 0) problems.push("monitors: must list at least one Monitor or monitor name");
    if (problems.length > 0 || !checked.settings) throw new InvalidArgumentsError("MonitorAlarms", name, problems);
    super(MONITOR_ALARMS_TYPE, name, {}, opts);
    const aws = loadAws();
    if (!checked.settings.hasActions) pulumi.log.warn(`MonitorAlarms "${name}": ${NO_ACTIONS_WARNING}`, this);

    const actions = settingsArgs.actions ?? [];
    this.alarms = planAlarms(monitors.map(alarmMonitor), checked.settings).map(
      (p) =>
        new aws.cloudwatch.MetricAlarm(
          p.name,
          {
            alarmDescription: p.description,
            comparisonOperator: p.settings.comparisonOperator,
            threshold: p.settings.threshold,
            evaluationPeriods: p.settings.evaluationPeriods,
            treatMissingData: p.treatMissingData,
            metricQueries: [
              {
                id: "q1",
                expression: pulumi.output(p.monitorName).apply((n) => metricsInsightsQuery(p.metric, n)),
                period: p.settings.period,
                returnData: true,
                label: p.metric,
              },
            ],
            alarmActions: actions,
            okActions: actions,
            region,
            tags,
          },
          { parent: this },
        ),
    );
    this.alarmArns = pulumi.all(this.alarms.map((a) => a.arn));
    this.registerOutputs({ alarmArns: this.alarmArns });
  }
}
