import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/camsweep.js", import.meta.url).pathname;

describe("the manual page", () => {
  it("is generated from the commands, and the copy in man/ is current (camsweep man > man/camsweep.1)", async () => {
    const out = await new Promise<string>((resolve, reject) => execFile(process.execPath, [BIN, "man"], (err, stdout) => (err ? reject(err) : resolve(stdout))));
    expect(out).toBe(readFileSync(new URL("../../man/camsweep.1", import.meta.url), "utf8"));
    expect(out).toMatch(/^\.TH CAMSWEEP 1 /);
    for (const section of ["NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT"]) expect(out).toContain(`\n.SH ${section}\n`);
    // Every scan flag, roff-escaped.
    expect(out).toContain(".B \\-\\-fail\\-on\\-outside");
    expect(out).toContain(".B \\-\\-targets\\-file <file>");
  });
});
