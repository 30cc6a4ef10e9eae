// Checks the links of Markdown files: every relative link must name a file that exists (and, with `#anchor`, a
// heading of that file), and every link into this package's own repository (package.json `repository`, as
// `<repo>/blob/<ref>/<path>` or `<repo>/tree/<ref>/<path>`) must name a path that exists in the checkout. Pure:
// the caller says which files exist (the unpacked tarball, or the repository).
import * as path from "node:path";

export interface MarkdownLink {
  file: string;
  line: number;
  target: string;
}

/** Inline links and images `[text](target)` and reference definitions `[x]: target`, outside code blocks and spans. */
export function markdownLinks(file: string, text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let fence = false;
  text.split("\n").forEach((raw, i) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      fence = !fence;
      return;
    }
    if (fence) return;
    const line = raw.replace(/`[^`]*`/g, "``");
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ file, line: i + 1, target: m[1] });
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(line);
    if (def) links.push({ file, line: i + 1, target: def[1] });
  });
  return links;
}

/** The anchors GitHub (and npm) give a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const raw of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(raw)) fence = !fence;
    if (fence) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    if (!m) continue;
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

export interface LinkProblem extends MarkdownLink {
  problem: string;
}

export interface LinkCheckInput {
  /** Markdown files to check: path relative to the root (POSIX separators) → content. */
  files: Map<string, string>;
  /** Whether a path relative to the root exists (a file or a folder). */
  exists(relPath: string): boolean;
  /** Contents of a Markdown file relative to the root, for anchors into files not being checked; undefined if none. */
  read(relPath: string): string | undefined;
  /** The repository's web address (package.json `repository`, without `.git`), e.g. https://github.com/o/r. */
  repositoryUrl: string;
  /** For links into the repository: whether a path exists there (the checkout). Defaults to `exists`. */
  existsInRepository?(relPath: string): boolean;
}

/** Every link that does not resolve, with why. */
export function checkMarkdownLinks(input: LinkCheckInput): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const inRepo = input.existsInRepository ?? input.exists;
  const repo = input.repositoryUrl.replace(/\/+$/, "");
  for (const [file, text] of input.files) {
    for (const link of markdownLinks(file, text)) {
      const fail = (problem: string) => problems.push({ ...link, problem });
      const t = link.target;
      if (t.startsWith(`${repo}/blob/`) || t.startsWith(`${repo}/tree/`)) {
        const rel = t.slice(repo.length + 1).split("/").slice(2).join("/").split("#")[0];
        if (!rel || !inRepo(decodeURIComponent(rel))) fail(`${rel || "(nothing)"} does not exist in the repository`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith("//")) continue; // another site, mailto:
      const [pathPart, anchor] = t.split("#", 2) as [string, string | undefined];
      const target = pathPart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart))) : file;
      if (target.startsWith("../") || target === "..") {
        fail(`points outside the package (${target}); link to ${repo}/blob/main/... instead`);
        continue;
      }
      if (pathPart && !input.exists(target.replace(/\/$/, ""))) {
        fail(`${target} does not exist${input.existsInRepository && input.existsInRepository(target) ? ` here (it is in the repository: link to ${repo}/blob/main/${target})` : ""}`);
        continue;
      }
      if (anchor && target.endsWith(".md")) {
        const content = input.files.get(target) ?? input.read(target);
        if (content !== undefined && !headingAnchors(content).has(anchor)) fail(`${target} has no heading with anchor #${anchor}`);
      }
    }
  }
  return problems;
}

/** package.json `repository` as a web address: `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
export function repositoryWebUrl(repository: string | { url: string } | undefined): string {
  const url = typeof repository === "string" ? repository : repository?.url;
  if (!url) throw new Error("package.json has no repository: add one, e.g. {\"type\": \"git\", \"url\": \"git+https://github.com/<owner>/<name>.git\"}");
  return url.replace(/^git\+/, "").replace(/\.git$/, "");
}
