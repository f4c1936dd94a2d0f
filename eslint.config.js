import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "coverage/", "test-artifacts/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", URL: "readonly", AbortController: "readonly", AbortSignal: "readonly", TextDecoder: "readonly", performance: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // CJS packages must be default-imported: Node's ESM loader rejects named imports that vitest would accept.
      "no-restricted-syntax": ["error", {
        selector: "ImportDeclaration[source.value=/^(onvif|multicast-dns)$/] > ImportSpecifier",
        message: "Use a default import for this CommonJS package (named imports fail under plain Node ESM).",
      }],
    },
  },
);
