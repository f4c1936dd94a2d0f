import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkWritable } from "../../src/cli/output.ts";

describe("checkWritable", () => {
  it("tries a file in the folder and leaves nothing behind", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-out-"));
    checkWritable(path.join(dir, "sub", "r.json"));
    expect(existsSync(path.join(dir, "sub"))).toBe(true);
    expect(readdirSync(path.join(dir, "sub"))).toEqual([]);
  });

  it("is not stopped by the temporary file a crashed run with the same process id left (pids repeat in containers)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "camsweep-out-"));
    const stale = path.join(dir, `.r.json.${process.pid}.tmp`);
    writeFileSync(stale, "half a report");
    expect(() => checkWritable(path.join(dir, "r.json"))).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
