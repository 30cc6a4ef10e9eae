// A CloudWatch dashboard of Network Flow Monitor metrics, as a component over aws.cloudwatch.Dashboard.
// Usable on its own; WorkloadMonitor wires it from `dashboard`.
import * as pulumi from "@pulumi/pulumi";
import { loadAws, type Aws } from "./aws";
import { InvalidArgumentsError } from "./invalidArguments";
import { isMonitorResource, type MonitorResource } from "../frontEnd";
import { checkDashboard, dashboardBody, dashboardUrl, defaultDashboardName } from "./dashboardPlan";

export const MONITOR_DASHBOARD_TYPE = "networkflowmonitor:index:MonitorDashboard";

/** Inputs of {@link MonitorDashboard}. */
export interface MonitorDashboardArgs {
  /** The monitors: `Monitor` resources or monitor names. */
  monitors: (MonitorResource | pulumi.Input<string>)[];
  /** 1 to 255 letters, digits, "-" and "_"; default `<component name>-<stack>`. */
  dashboardName?: string;
  /** The monitors' Region (where the graphs read metrics); defaults to the provider's. */
  region?: pulumi.Input<string>;
}

/** One `aws.cloudwatch.Dashboard`: a graph per Network Flow Monitor metric, a line per monitor. */
export class MonitorDashboard extends pulumi.ComponentResource {
  readonly dashboard: Aws.cloudwatch.Dashboard;
  readonly dashboardName: pulumi.Output<string>;
  /** The dashboard's page in the CloudWatch console, in its Region. */
  readonly dashboardUrl: pulumi.Output<string>;

  constructor(name: string, args: MonitorDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = checkDashboard(args?.dashboardName === undefined ? true : { name: args.dashboardName }, "").map((p) =>
      p.replace(/^name:/, "dashboardName:"),
    );
    if (!Array.isArray(args?.monitors) || args.monitors.length === 0) problems.push("monitors: must list at least one Monitor or monitor name");
    if (problems.length > 0) throw new InvalidArgumentsError("MonitorDashboard", name, problems);
    super(MONITOR_DASHBOARD_TYPE, name, {}, opts);
    const aws = loadAws();
    const dashboardName = args.dashboardName ?? defaultDashboardName(name, pulumi.getStack());
    const region = pulumi.output(args.region ?? aws.getRegionOutput({}, { parent: this }).region);
    const names = args.monitors.map((m) => (isMonitorResource(m) ? m.monitorName : pulumi.output(m)));
    this.dashboard = new aws.cloudwatch.Dashboard(
      `${name}`,
      {
        dashboardName,
        dashboardBody: pulumi.all([region, pulumi.all(names)]).apply(([r, n]) => dashboardBody({ region: r, monitorNames: n })),
      },
      { parent: this },
    );
    this.dashboardName = this.dashboard.dashboardName;
    this.dashboardUrl = pulumi.all([region, this.dashboardName]).apply(([r, n]) => dashboardUrl(r, n));
    this.registerOutputs({ dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl });
  }
}
