// Which history to open: PostgreSQL when a store URL is given, else the SQLite file. Each driver loads only when used.
import type { HistoryStore } from "./history.ts";

export type StoreLocation = { url: string } | { file: string };

/** Open the history (creating an SQLite file, migrating either). Throws a one-line HistoryError. */
export async function openStore(where: StoreLocation): Promise<HistoryStore> {
  if ("url" in where) {
    const { PostgresHistory } = await import("./postgres.ts");
    return PostgresHistory.open(where.url);
  }
  const { SqliteHistory } = await import("./sqlite.ts");
  return SqliteHistory.open(where.file);
}
