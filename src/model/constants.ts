// The report's fixed vocabularies, apart from its schema: the scan reads them without loading zod.

/** Semver: a new optional field is a minor bump, a changed or removed one a major bump. */
export const SCHEMA_VERSION = "1.6.0";

export const DEVICE_TYPES = ["camera", "nvr", "dvr", "intercom", "thermal", "encoder", "other"] as const;
