import { isLocallyAdministered } from "./mac.ts";

/** IEEE registry: hex prefix (6, 7 or 9 digits) → organisation, address lines after a newline. */
export type OuiTable = Record<string, string>;
let table: Promise<OuiTable> | undefined;

/** oui-data is about 30 MB of heap while it is parsed: loaded once per process, on first need. */
export function loadOuiTable(): Promise<OuiTable> {
  table ??= import("oui-data", { with: { type: "json" } }).then((m) => m.default as OuiTable);
  return table;
}

/**
 * Load the table before discovery starts: parsing it takes a few hundred milliseconds on the main thread, and done
 * while replies arrive it stalls the sockets long enough for the kernel to drop a burst of them.
 */
export async function preloadOui(): Promise<void> {
  await loadOuiTable().catch(() => undefined);
}

/** The IEEE registry organisation of a MAC (longest prefix: MA-S, MA-M, MA-L); undefined for local or unknown MACs. */
export async function ouiOrganisation(mac: string): Promise<string | undefined> {
  if (isLocallyAdministered(mac)) return undefined;
  const hex = mac.replace(/:/g, "").toUpperCase();
  const t = await loadOuiTable();
  const entry = t[hex.slice(0, 9)] ?? t[hex.slice(0, 7)] ?? t[hex.slice(0, 6)];
  return entry?.split("\n")[0]?.trim() || undefined;
}
