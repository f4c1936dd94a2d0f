// The terms a regulation is described in, apart from the schema: checking the catalogue's rules needs no zod.

/**
 * How far a rule reaches. national: it binds a whole national government or sector to not buy, use or authorise
 * the equipment; sub-national: a state's or province's own bodies; one-institution: one body's own estate;
 * list: a designation that prohibits no buying or use by itself (export controls, securities, investment, DoD list).
 */
export const REGULATION_REACH = ["national", "sub-national", "one-institution", "list"] as const;
/** The documented rule the self-test enforces: a national prohibition is a ban; everything else is to watch. */
export const effectForReach = (reach: (typeof REGULATION_REACH)[number]): "ban" | "watch" => (reach === "national" ? "ban" : "watch");
export const REGULATION_STATUS = ["in-force", "remanded", "suspended", "superseded", "withdrawn"] as const;
