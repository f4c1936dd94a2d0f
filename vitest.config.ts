import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Lab tests bind fixed UDP ports (3702, 1900, 5353) on loopback: run files one at a time.
    fileParallelism: false,
  },
});
