import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Lab tests bind fixed UDP ports (3702, 1900, 5353) on loopback: run files one at a time.
    fileParallelism: false,
    // Scans keep a history by default: in the tests, in a folder of their own, never the user's.
    env: { XDG_STATE_HOME: mkdtempSync(path.join(tmpdir(), "camsweep-test-state-")) },
  },
});
