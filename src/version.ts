import pkg from "../package.json" with { type: "json" };

export const TOOL = { name: "camsweep", version: pkg.version };
