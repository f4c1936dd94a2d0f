import { Catalogue, CatalogueError, crossCheck } from "./index.ts";
import { CatalogueSchema } from "./schema.ts";

/** Validate raw catalogue data: the schema first, then cross-references. Throws CatalogueError naming each path. */
export function parseCatalogue(raw: unknown): Catalogue {
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) throw new CatalogueError(parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })));
  const issues = crossCheck(parsed.data);
  if (issues.length) throw new CatalogueError(issues);
  return new Catalogue(parsed.data);
}
