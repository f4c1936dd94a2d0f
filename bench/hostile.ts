// The hostile-device suite with its figures: one row per case (wall, peak RSS of the scanning process, good devices
// found, contacts outside the targets, leaked secrets, outputs holding raw control or bidi characters).
// Run inside a private network namespace: ../shared/bin/offline npm run bench:hostile
import { allHostileCases, runHostileCase } from "../mock-devices/hostile-run.ts";

console.log("| case | wall | peak RSS | good devices found | out-of-scope contacts | leaked secrets | raw control characters | hostile device |");
console.log("|---|---|---|---|---|---|---|---|");
for (const c of allHostileCases()) {
  const r = await runHostileCase(c);
  const h = r.hostile ? `${r.hostile.level}, ${r.hostile.evidence} facts, ${r.hostile.warnings} warnings` : "not listed";
  console.log(`| ${r.id} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.maxRssMb} MB | ${r.goodFound}/${r.goodTotal} | ${r.outOfScope} | ${r.leakedSecrets.length ? r.leakedSecrets.join("; ") : "0"} | ${r.rawControl.length ? r.rawControl.join("; ") : "0"} | ${h} |`);
}

// Ctrl-C while the scan is held by the stalling device: how long until it stops, every output written.
const stall = allHostileCases().find((c) => c.id === "stall")!;
const r = await runHostileCase(stall, { interruptAfterMs: 3000 });
console.log(`\nstall, SIGINT 3 s in: exit ${r.code} ${r.exitAfterSignalMs ?? "?"} ms after the signal; good devices ${r.goodFound}/${r.goodTotal}; raw control ${r.rawControl.length}; leaked ${r.leakedSecrets.length}`);
