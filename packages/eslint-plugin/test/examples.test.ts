import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import corio from "../src/index.js";

// The article's examples are correct corio code, so the recommended config must find nothing
// in them: this is the rule's false-positive check on real programs, through ESLint itself.
const root = fileURLToPath(new URL("../../../", import.meta.url));

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ["**/*.ts"],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: {
          project: "./packages/eslint-plugin/test/fixtures/tsconfig.examples.json",
          tsconfigRootDir: root,
          // Under CI=true typescript-eslint assumes one lint pass over files as they are on
          // disk; the positive control below lints edited text, so it needs the normal mode.
          disallowAutomaticSingleRunInference: true,
        },
      },
    },
    corio.configs.recommended,
  ],
});

describe("the recommended config on examples/seed", () => {
  it("reports nothing in the examples", { timeout: 180_000 }, async () => {
    const results = await eslint.lintFiles(["examples/seed/*.ts"]);
    expect(results.length).toBeGreaterThan(50);
    const messages = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(root.length)}:${m.line}:${m.column} ${m.message}`),
    );
    expect(messages).toEqual([]);
  });

  it("reports a forgotten yield* in the same setup", { timeout: 60_000 }, async () => {
    // The positive control: the same config and program, one example's text replaced.
    const text = 'import { sleep } from "corio";\nexport function* main() { sleep(10); }\n';
    const [result] = await eslint.lintText(text, { filePath: `${root}examples/seed/support.ts` });
    expect(result?.messages.map((m) => [m.ruleId, m.line])).toEqual([["@corio/no-floating-operation", 2]]);
  });
});
