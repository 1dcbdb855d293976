/**
 * `@corio/eslint-plugin`: lint rules for code that uses corio. The plugin object is the
 * default export (ESLint's flat config convention); `configs.recommended` turns every rule on.
 * The rules need type information: lint with typescript-eslint's parser and
 * `parserOptions.projectService` (or `project`).
 * @module
 */
import type { TSESLint } from "@typescript-eslint/utils";
import { noFloatingOperation } from "./rules/no-floating-operation.js";

const rules = {
  "no-floating-operation": noFloatingOperation,
};

/** The plugin, without its configs (they refer back to it). */
const base = {
  meta: { name: "@corio/eslint-plugin", version: "0.1.0" },
  rules,
};

/**
 * A flat config, typed as loosely as typescript-eslint types its own configs: ESLint's and
 * typescript-eslint's rule types disagree, and a precise type would fit only one of them
 * (`defineConfig` in an `eslint.config.ts` would refuse it).
 */
export interface CorioConfig {
  name?: string;
  files?: string[];
  rules?: object;
}

/** The plugin's public shape (the rule modules are there at run time; see {@link CorioConfig} for why the type hides them). */
export interface CorioEslintPlugin {
  meta: { name: string; version: string };
  configs: { recommended: CorioConfig };
}

/**
 * Flat config that registers the plugin as `@corio` and reports a forgotten `yield*` as an
 * error in TypeScript files. Add it after a config that enables type information. It names
 * its files because the rule needs types: on a plain `.js` file (eslint.config.js itself)
 * it would stop the lint run with "requires type information".
 *
 * @example
 * // eslint.config.js
 * import { defineConfig } from "eslint/config";
 * import tseslint from "typescript-eslint";
 * import corio from "@corio/eslint-plugin";
 *
 * export default defineConfig(
 *   {
 *     files: ["**\/*.ts"],
 *     languageOptions: {
 *       parser: tseslint.parser,
 *       parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
 *     },
 *   },
 *   corio.configs.recommended,
 * );
 */
const recommended = {
  name: "@corio/recommended",
  files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
  plugins: { "@corio": base },
  rules: { "@corio/no-floating-operation": "error" },
} satisfies TSESLint.FlatConfig.Config;

/**
 * The ESLint plugin: `rules["no-floating-operation"]` and `configs.recommended`.
 *
 * @example
 * // eslint.config.js
 * import corio from "@corio/eslint-plugin";
 *
 * export default [{ plugins: { "@corio": corio }, rules: { "@corio/no-floating-operation": "error" } }];
 */
const plugin: CorioEslintPlugin = { ...base, configs: { recommended } };

export default plugin;
export { noFloatingOperation };
