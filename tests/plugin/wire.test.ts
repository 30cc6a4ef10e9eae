// The plugin's pure wire rules: secrets off and back on, tagsAll's secrets, URNs, and CheckConfig's rules.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { checkPluginConfig, configuredPlugin, pluginConfigChanged } from "../../provider/plugin/config";
import { isSecretValue, markSecrets, parseUrn, secret, unwrapSecrets } from "../../provider/plugin/wire";
import { PLUGIN_CONFIG_KEYS } from "../../provider/settings";

type Props = Record<string, unknown>;

// JSON values with secrets anywhere below the top, never a secret directly inside another (the engine never sends one).
const { value: withSecrets } = fc.letrec<{ value: unknown; plain: unknown }>((tie) => ({
  plain: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), tie("value"), { maxKeys: 3, noNullPrototype: true })),
  value: fc.oneof({ depthSize: "small" }, tie("plain"), tie("plain").map((v) => secret(v))),
}));
const props = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== "tagsAll" && k !== "tags"), withSecrets, { maxKeys: 4, noNullPrototype: true });

describe("provider plugin: wire rules", () => {
  it("secrets taken off and put back give what the engine sent", () => {
    fc.assert(fc.property(props, (p) => {
      const { value, secrets } = unwrapSecrets(p);
      assert.ok(!JSON.stringify(value).includes("4dabf18193072939515e22adb298388d"));
      assert.deepEqual(markSecrets(value as Props, secrets), p);
    }));
  });

  it("tagsAll is secret where its tag is, and wholly when the tags or the default tags are", () => {
    const { value, secrets } = unwrapSecrets({ tags: { a: secret("1"), b: "2" } });
    const out = markSecrets({ ...value, tagsAll: { a: "1", b: "2", c: "3" } }, secrets);
    assert.deepEqual(out.tagsAll, { a: secret("1"), b: "2", c: "3" });
    const whole = unwrapSecrets({ tags: secret({ a: "1" }) });
    assert.ok(isSecretValue(markSecrets({ ...whole.value, tagsAll: { a: "1", c: "3" } }, whole.secrets).tagsAll));
    assert.ok(isSecretValue(markSecrets({ tags: {}, tagsAll: { c: "3" } }, [], true).tagsAll));
    assert.deepEqual(markSecrets({ tags: {}, tagsAll: { c: "3" } }, []), { tags: {}, tagsAll: { c: "3" } });
  });

  it("a URN gives its stack, project, own type and name (which may hold ::)", () => {
    const part = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes(":") && !s.includes("$"));
    fc.assert(fc.property(part, part, part, fc.string({ minLength: 1, maxLength: 12 }), (stack, project, parent, name) => {
      const urn = `urn:pulumi:${stack}::${project}::pkg:index:${parent}$networkflowmonitor:index:Monitor::${name}`;
      assert.deepEqual(parseUrn(urn), { stack, project, type: "networkflowmonitor:index:Monitor", name });
    }));
    assert.throws(() => parseUrn("not-a-urn"), /not a resource URN/);
  });

  it("CheckConfig names every key that is not a setting, and keeps credentials secret", () => {
    const key = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !PLUGIN_CONFIG_KEYS.includes(k) && !["version", "pluginDownloadURL"].includes(k) && !/^(assumeRoleWithWebIdentity|use|custom|http|insecure|allowed|forbidden)/.test(k) && !(k in {}));
    fc.assert(fc.property(key, (k) => {
      const { failures } = checkPluginConfig({ [k]: "x" });
      assert.deepEqual(failures.map((f) => f.property), [`networkflowmonitor:${k}`]);
    }));
    const { inputs, failures } = checkPluginConfig({ accessKey: "AKID", secretKey: "s", region: "eu-west-1" });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { accessKey: secret("AKID"), secretKey: secret("s"), region: "eu-west-1" });
  });

  it("Configure reads args, else the legacy variables; DiffConfig ignores the version and secrecy", () => {
    assert.equal(configuredPlugin({ region: "eu-west-1" }, {}).settings.region, "eu-west-1");
    assert.equal(configuredPlugin(undefined, new Map([["networkflowmonitor:config:region", "ap-south-1"]])).settings.region, "ap-south-1");
    assert.equal(configuredPlugin({ defaultTags: secret('{"tags":{"a":"1"}}') }, {}).defaultTagsSecret, true);
    assert.equal(pluginConfigChanged({ region: "a", version: "1" }, { region: secret("a"), version: "2" }), false);
    assert.equal(pluginConfigChanged({ region: "a" }, { region: "b" }), true);
  });
});
