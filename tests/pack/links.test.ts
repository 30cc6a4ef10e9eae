// Every link in every Markdown file resolves: in the packed package (what npm and the Pulumi Registry show, where
// only the tarball's files exist; links into the repository go through package.json's `repository`), and in the
// repository for the Markdown files that do not ship.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkMarkdownLinks, headingAnchors, markdownLinks, repositoryWebUrl, type LinkCheckInput } from "../../scripts/markdownLinks";

const root = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const repositoryUrl = repositoryWebUrl(pkg.repository);

function readIfExists(dir: string, rel: string): string | undefined {
  const file = path.join(dir, rel);
  return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, "utf8") : undefined;
}

function format(problems: ReturnType<typeof checkMarkdownLinks>): string {
  return problems.map((p) => `${p.file}:${p.line} (${p.target}): ${p.problem}`).join("\n");
}

describe("Markdown links", function () {
  this.timeout(120_000);

  describe("the checker", () => {
    const files = new Map([
      ["README.md", "# Title\n\n## Two words\n\n[ok](docs/a.md#section-one) [bad](docs/missing.md) [anchor](#two-words) [nope](#three)\n"],
      ["docs/a.md", "# A\n\n## Section one\n\n[up](../README.md) [out](../../x.md) [src](../src/x.ts)\n`[not a link](nowhere.md)`\n```\n[code](nowhere.md)\n```\n"],
    ]);
    const input: LinkCheckInput = {
      files,
      exists: (p) => files.has(p) || p === "docs",
      read: (p) => files.get(p),
      repositoryUrl: "https://github.com/o/r",
      existsInRepository: (p) => files.has(p) || p === "src/x.ts",
    };

    it("reports a missing file, a missing anchor, a path outside the package and a source file that does not ship, and nothing else", () => {
      const problems = checkMarkdownLinks(input).map((p) => `${p.file} ${p.target}`);
      assert.deepEqual(problems.sort(), ["README.md #three", "README.md docs/missing.md", "docs/a.md ../../x.md", "docs/a.md ../src/x.ts"].sort());
      const src = checkMarkdownLinks(input).find((p) => p.target === "../src/x.ts");
      assert.match(src!.problem, /https:\/\/github\.com\/o\/r\/blob\/main\/src\/x\.ts/);
    });

    it("checks links into the repository against the checkout", () => {
      const withRepo = new Map([["README.md", "[a](https://github.com/o/r/blob/main/src/x.ts) [b](https://github.com/o/r/tree/main/gone) [c](https://example.com/x)\n"]]);
      const problems = checkMarkdownLinks({ ...input, files: withRepo }).map((p) => p.target);
      assert.deepEqual(problems, ["https://github.com/o/r/tree/main/gone"]);
    });

    it("reads links outside code, and GitHub's heading anchors", () => {
      assert.deepEqual(markdownLinks("x.md", "a [b](c.md) `[d](e.md)`\n[ref]: f.md\n").map((l) => l.target), ["c.md", "f.md"]);
      assert.deepEqual([...headingAnchors("# `Monitor`\n## Statuses: `pulumi up` never fails\n## [0.1.0] - 2026-11-26\n## Same\n## Same\n")], [
        "monitor",
        "statuses-pulumi-up-never-fails",
        "010---2026-11-26",
        "same",
        "same-1",
      ]);
    });
  });

  it("every link in every Markdown file of the packed package resolves inside the tarball or in the repository", () => {
    if (!fs.existsSync(path.join(root, "dist", "sdk", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first (make test does)");
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-links-"));
    try {
      const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      const [{ filename }] = JSON.parse(out) as { filename: string }[];
      execFileSync("tar", ["-xzf", path.join(work, filename), "-C", work]);
      const unpacked = path.join(work, "package");
      const shipped = execFileSync("find", [".", "-name", "*.md", "-type", "f"], { cwd: unpacked, encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((f) => f.replace(/^\.\//, ""));
      assert.ok(shipped.includes("README.md") && shipped.includes("docs/_index.md") && shipped.includes("docs/installation-configuration.md"), shipped.join(", "));
      const files = new Map(shipped.map((f) => [f, fs.readFileSync(path.join(unpacked, f), "utf8")]));
      const problems = checkMarkdownLinks({
        files,
        exists: (p) => fs.existsSync(path.join(unpacked, p)),
        read: (p) => readIfExists(unpacked, p),
        repositoryUrl,
        existsInRepository: (p) => fs.existsSync(path.join(root, p)),
      });
      assert.equal(format(problems), "");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it("every link in the repository's Markdown files that do not ship resolves in the repository", () => {
    const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => f && !f.startsWith("docs/api/") && fs.existsSync(path.join(root, f)));
    assert.ok(tracked.length > 5, tracked.join(", "));
    const files = new Map(tracked.map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
    const problems = checkMarkdownLinks({ files, exists: (p) => fs.existsSync(path.join(root, p)), read: (p) => readIfExists(root, p), repositoryUrl });
    assert.equal(format(problems), "");
  });
});
