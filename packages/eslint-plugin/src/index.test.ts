import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import corio, { noFloatingOperation } from "./index.js";

describe("@corio/eslint-plugin", () => {
  it("recommended turns the rule on as an error, for TypeScript files", () => {
    expect(corio.configs.recommended).toMatchObject({
      name: "@corio/recommended",
      files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
      plugins: { "@corio": { rules: { "no-floating-operation": noFloatingOperation } } },
      rules: { "@corio/no-floating-operation": "error" },
    });
  });

  it("recommended leaves JavaScript files alone: there are no types to read", async () => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [corio.configs.recommended] });
    const [result] = await eslint.lintText("sleep(1);\n", { filePath: "eslint.config.js" });
    expect(result?.messages).toEqual([]);
  });

  it("without type information, the run stops with a message that names the fix", async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, corio.configs.recommended],
    });
    await expect(eslint.lintText("sleep(1);\n", { filePath: "main.ts" })).rejects.toThrow(/parserOptions/);
  });
});
