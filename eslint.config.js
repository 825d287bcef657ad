import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "tmp-*.ts",
      "build/",
      ".data/",
      "node_modules/",
      "test-results/",
      "playwright-report/",
      "**/node_modules/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-empty-object-type": "off",
    },
  },
  {
    // Migrations are typed Kysely<any> by design (they are frozen against the schema of their day).
    files: ["db/migrations/**/*.ts", "db/migrator.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests read loosely-typed JSON from responses.
    files: ["**/*.test.ts", "**/test-utils.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Routes are adapters: no SQL, no Stripe, no cross-tenant access.
    files: ["app/routes/**/*.tsx", "app/routes/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "kysely", message: "Routes never build SQL: call a module in app/modules." },
            { name: "stripe", message: "Routes never call Stripe: call a module in app/modules." },
          ],
          patterns: [
            {
              group: ["**/db.server"],
              importNames: ["withSystem", "withConnectingRole"],
              message:
                "withSystem is for named system functions in modules only; withConnectingRole for scripts and benchmarks.",
            },
          ],
        },
      ],
    },
  },
);
