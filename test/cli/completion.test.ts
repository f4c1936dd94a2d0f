import { execFile, execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SCAN_FLAGS } from "../../src/options/scan-flags.ts";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;

function script(shell: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => execFile(process.execPath, [BIN, "completion", shell], (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })));
}

/** What bash offers after the words typed (the last one being completed), with the script loaded as a user would. */
function complete(bashScript: string, words: string[]): string[] {
  const line = `${bashScript}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _camsweep; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", line], { encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("camsweep completion", () => {
  it("bash: completes commands, a command's flags and a flag's choices", async () => {
    const { code, stdout } = await script("bash");
    expect(code).toBe(0);
    expect(complete(stdout, ["camsweep", "sc"])).toEqual(["scan", "schema"]);
    // Every scan flag that starts so, whatever flags are added later.
    const failFlags = SCAN_FLAGS.map((f) => /--[\w-]+/.exec(f.flags)![0]).filter((f) => f.startsWith("--fail-o"));
    expect(failFlags.length).toBeGreaterThanOrEqual(3);
    expect(complete(stdout, ["camsweep", "scan", "--fail-o"]).sort()).toEqual(failFlags.sort());
    expect(complete(stdout, ["camsweep", "scan", "--format", ""])).toEqual(["table", "json", "ndjson", "csv", "html"]);
    expect(complete(stdout, ["camsweep", "devices", "--level", "c"])).toEqual(["covered", "clear"]);
    expect(complete(stdout, ["camsweep", "history", "--"])).toContain("--limit");
    expect(complete(stdout, ["camsweep", "scan", "-i", "l"])).toEqual(["lo"]);
  });

  it("fish and zsh: every scan flag is there", async () => {
    const fish = (await script("fish")).stdout;
    for (const f of SCAN_FLAGS) expect(fish).toContain(`-l ${/--([\w-]+)/.exec(f.flags)![1]}`);
    const zsh = (await script("zsh")).stdout;
    expect(zsh.startsWith("#compdef camsweep\n")).toBe(true);
    expect(zsh).toContain("complete -o default -F _camsweep camsweep");
  });

  it("another shell is one line, exit 2", async () => {
    expect(await script("tcsh")).toEqual({ code: 2, stdout: "", stderr: 'camsweep: no completion for "tcsh" (choose from bash, zsh, fish)\n' });
  });
});
