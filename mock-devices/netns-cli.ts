// `npm run lab:netns`: the layer-2 lab in network namespaces, until Ctrl-C. Needs root; run it inside a private
// network namespace (for example `unshare -n`) so that its bridges never meet a real interface.
import { netnsUnavailable, startNetnsLab } from "./netns-lab.ts";

const why = await netnsUnavailable();
if (why) {
  process.stderr.write(`lab:netns: ${why}\n`);
  process.exit(2);
}
const lab = await startNetnsLab(undefined, (s) => process.stdout.write(`${s}\n`));
process.stdout.write(`scanner namespace: ${lab.scannerNs} (interfaces lab-a 10.77.1.1/24, lab-b 10.77.2.1/24; 10.77.3.0/24 routed via 10.77.1.254)\n`);
process.stdout.write(`try: ip netns exec ${lab.scannerNs} node bin/camsweep.js scan -i lab-a,lab-b 10.77.3.0/24\nready\n`);
let closing = false;
const stop = async (): Promise<void> => {
  if (closing) return;
  closing = true;
  await lab.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
