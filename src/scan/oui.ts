import { isLocallyAdministered } from "./mac.ts";

type OuiTable = Record<string, string>;
let table: Promise<OuiTable> | undefined;

/** oui-data is about 30 MB of heap: load it only when a scan has a MAC to look up. */
function load(): Promise<OuiTable> {
  table ??= import("oui-data", { with: { type: "json" } }).then((m) => m.default as OuiTable);
  return table;
}

/** Start loading the table now (a scan does this while it waits for discovery replies). */
export function preloadOui(): void {
  void load().catch(() => undefined);
}

/** The IEEE registry organisation of a MAC (longest prefix: MA-S, MA-M, MA-L); undefined for local or unknown MACs. */
export async function ouiOrganisation(mac: string): Promise<string | undefined> {
  if (isLocallyAdministered(mac)) return undefined;
  const hex = mac.replace(/:/g, "").toUpperCase();
  const t = await load();
  const entry = t[hex.slice(0, 9)] ?? t[hex.slice(0, 7)] ?? t[hex.slice(0, 6)];
  return entry?.split("\n")[0]?.trim() || undefined;
}
