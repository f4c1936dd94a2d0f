import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The Dockerfile cannot be built here (no container engine), so what can drift is checked against the package:
// the image ships everything package.json says the package needs, on a Node its engines allow.
const root = new URL("../../", import.meta.url);
const dockerfile = readFileSync(new URL("Dockerfile", root), "utf8");
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { files: string[]; engines: { node: string }; bin: Record<string, string> };
const stages = dockerfile.split(/^FROM /m).slice(1);
const final = stages.at(-1)!;

describe("the Dockerfile", () => {
  it("ships every file the package lists, and the production node_modules, in its final stage", () => {
    const copied = [...final.matchAll(/^COPY --from=build (.+) (\S+)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((p) => p.replace(/^\/app\//, "")));
    for (const f of pkg.files) expect(copied, f).toContain(f.replace(/\/$/, ""));
    expect(copied).toContain("node_modules");
    expect(stages[0]).toMatch(/npm ci .*&& npm prune --omit=dev/);
  });
  it("runs the package's bin as an unprivileged user, on a Node that engines allows", () => {
    expect(final).toMatch(/^USER node$/m);
    expect(final).toContain(`ENTRYPOINT ["node", "/app/${Object.values(pkg.bin)[0]}"]`);
    for (const stage of stages) {
      const major = Number(/^node:(\d+)-/.exec(stage)?.[1]);
      expect(major).toBe(20);
      expect(pkg.engines.node).toMatch(/>=20\.19 <21/);
    }
  });
  it("is documented in the README with the host-network line", () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    expect(readme).toContain("docker run --rm --network host camsweep scan");
  });
});
