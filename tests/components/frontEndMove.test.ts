// Moving a monitor between the two front ends with an alias: the calls Pulumi's engine makes on the new front end
// (docs/moving-between-front-ends.md: Check with the old inputs, Diff with the old outputs, then an update), made
// here directly on the shared core against the emulator. The move is an update, never a replacement; it sends
// neither CreateMonitor nor DeleteMonitor, and leaves the outputs in the new front end's shape.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { DYNAMIC_PROVIDER_KEY, movedFromOtherFrontEnd, withoutOtherFrontEnd } from "../../provider/common/frontEndMove";
import * as monitors from "../../provider/monitor/provider";
import * as scopes from "../../provider/scope/provider";
import { startEmulator, type RunningEmulator } from "../../testing";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
const NAMING = { resourceName: "web", project: "proj", stack: "dev" };
const CODE = "exports.handler = ...";

type Props = Record<string, unknown>;

describe("moving a Monitor and a Scope between the dynamic and the plugin front end (the core, as the engine calls it)", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  const savedEnv = { ...process.env };

  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    delete process.env.AWS_PROFILE;
    emulator = await startEmulator({ region: REGION, account: ACCOUNT });
    const config: Record<string, string> = { "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint };
    await monitors.configure({ config: { get: (k: string) => config[k] } } as never);
    await scopes.configure({ config: { get: (k: string) => config[k] } } as never);
  });

  after(async () => {
    await emulator.stop();
    process.env = savedEnv;
  });

  const ops = () => emulator.requests().map((r) => r.operation);

  /** Check as each front end sends it: the dynamic host adds its code to the checked inputs, the plugin adds none. */
  async function checkAs(core: typeof monitors | typeof scopes, frontEnd: "dynamic" | "plugin", olds: Props, news: Props): Promise<Props> {
    const { [DYNAMIC_PROVIDER_KEY]: _code, ...oldInputs } = olds;
    const result = await core.check(oldInputs, { ...news, __naming: NAMING });
    assert.deepEqual(result.failures ?? [], []);
    return frontEnd === "dynamic" ? { ...result.inputs, [DYNAMIC_PROVIDER_KEY]: CODE } : (result.inputs as Props);
  }

  /** Create/Update outputs as each front end stores them: the dynamic host adds its code (resultIncludingProvider). */
  const stored = (frontEnd: "dynamic" | "plugin", outs: Props | undefined) => (frontEnd === "dynamic" ? { ...outs, [DYNAMIC_PROVIDER_KEY]: CODE } : { ...outs });

  async function moveAndBack(core: typeof monitors | typeof scopes, program: Props, id: (outs: Props) => string, writes: RegExp) {
    const firstInputs = await checkAs(core, "dynamic", {}, program);
    const created = await core.create(firstInputs as never);
    let outs = stored("dynamic", created.outs);
    let inputs = firstInputs;
    emulator.clearRequests();

    for (const [to, from] of [["plugin", "dynamic"], ["dynamic", "plugin"]] as const) {
      const news = await checkAs(core, to, inputs, program);
      const diff = await core.diff(id(outs), outs, news);
      assert.equal(diff.changes, true, `${from} → ${to}: the move must be an update`);
      assert.deepEqual(diff.replaces ?? [], [], `${from} → ${to}: never a replacement`);
      const updated = await core.update(id(outs), outs as never, news as never);
      outs = stored(to, updated.outs);
      inputs = news;
      assert.equal(DYNAMIC_PROVIDER_KEY in outs, to === "dynamic", `${from} → ${to}: outputs in the ${to} front end's shape`);
      // Once moved, the next up is a same.
      assert.equal((await core.diff(id(outs), outs, await checkAs(core, to, inputs, program))).changes, false);
    }
    assert.deepEqual(ops().filter((o) => o !== null && writes.test(o)), []);
    return created.id;
  }

  it("a Monitor moves dynamic → plugin → dynamic with no CreateMonitor, DeleteMonitor or any other write", async () => {
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
    const scope = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }));
    emulator.control.setScopeStatus(scope.scopeId, "SUCCEEDED");
    const program = { monitorName: "web", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }], remoteResources: [], scopeArn: scope.scopeArn, tags: { team: "net" }, region: REGION };
    await moveAndBack(monitors, program, (o) => o.monitorName as string, /^(Create|Update|Delete|Tag|Untag)/);
    assert.equal(ops().filter((o) => o === "CreateMonitor" || o === "DeleteMonitor").length, 0);
  });

  it("a Scope moves dynamic → plugin → dynamic with no CreateScope, DeleteScope or any other write", async () => {
    emulator.control.reset();
    await moveAndBack(scopes, { targets: [{ accountId: ACCOUNT, region: REGION }], region: REGION }, (o) => o.scopeId as string, /^(Create|Update|Delete|Tag|Untag)/);
  });

  it("property: a state is 'moved' exactly when one side has the dynamic provider's code; the plugin's update drops it", () => {
    const record = fc.dictionary(fc.constantFrom("a", "b", "monitorName", "tags"), fc.jsonValue(), { maxKeys: 3 });
    fc.assert(
      fc.property(record, record, fc.boolean(), fc.boolean(), (o, n, oldCode, newCode) => {
        const olds: Props = oldCode ? { ...o, [DYNAMIC_PROVIDER_KEY]: CODE } : o;
        const news: Props = newCode ? { ...n, [DYNAMIC_PROVIDER_KEY]: CODE } : n;
        assert.equal(movedFromOtherFrontEnd(olds, news), oldCode !== newCode);
        const own = withoutOtherFrontEnd(olds, news);
        assert.equal(DYNAMIC_PROVIDER_KEY in own, oldCode && newCode);
        const { [DYNAMIC_PROVIDER_KEY]: _a, ...rest } = own;
        const { [DYNAMIC_PROVIDER_KEY]: _b, ...restOld } = olds;
        assert.deepEqual(rest, restOld);
      }),
    );
  });
});
