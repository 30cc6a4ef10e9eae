// CHANGELOG follows Keep a Changelog: `## [Unreleased]` on top, dated version headings, only its section types,
// a link reference for every heading; and package.json's version is the next release or the latest one.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const changelog = fs.readFileSync(path.join(root, "CHANGELOG.md"), "utf8");
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;
const SECTIONS = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"];

const semver = (v: string) => v.split(".").map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

describe("CHANGELOG.md (Keep a Changelog)", () => {
  const h2 = [...changelog.matchAll(/^## (.*)$/gm)].map((m) => m[1]);

  it("starts with [Unreleased], then versions newest first, each with a date", () => {
    assert.equal(h2[0], "[Unreleased]");
    const versions = h2.slice(1).map((h) => {
      const m = /^\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(h);
      assert.ok(m, `"## ${h}" is not "## [x.y.z] - YYYY-MM-DD"`);
      return m[1];
    });
    assert.ok(versions.length >= 1);
    for (let i = 1; i < versions.length; i++) assert.ok(newer(versions[i - 1], versions[i]), `${versions[i - 1]} is listed above ${versions[i]}`);
  });

  it("uses only Keep a Changelog's section types", () => {
    const h3 = [...changelog.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(h3.filter((h) => !SECTIONS.includes(h)), []);
  });

  it("has a link reference for every heading, into the repository", () => {
    for (const h of h2) {
      const label = /^\[([^\]]+)\]/.exec(h)?.[1] as string;
      assert.match(changelog, new RegExp(`^\\[${label.replace(/\./g, "\\.")}\\]: https://github\\.com/pulumi-networkflowmonitor/pulumi-networkflowmonitor/`, "m"), `no link reference for [${label}]`);
    }
  });

  it("package.json's version is the latest release, or the next one that [Unreleased] names", () => {
    const latest = /^## \[(\d+\.\d+\.\d+)\]/m.exec(changelog)?.[1] as string;
    if (version === latest) return;
    assert.ok(newer(version, latest), `package.json's ${version} is older than the CHANGELOG's ${latest}`);
    const unreleased = changelog.slice(changelog.indexOf("## [Unreleased]"), changelog.indexOf(`## [${latest}]`));
    assert.match(unreleased, new RegExp(`released as \\*\\*${version.replace(/\./g, "\\.")}\\*\\*`), `[Unreleased] does not say it becomes ${version}`);
  });
});
