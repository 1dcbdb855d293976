/**
 * `@corio/no-floating-operation`: a statement that drops a corio operation or a coroutine.
 *
 * In a coroutine you wait with `yield*`. Forget it and the line type-checks yet does nothing:
 * `sleep(100);` never sleeps, `queue.put(x);` never puts, `fetchPage(2);` (a `function*`)
 * never runs — generators are lazy, and most corio operations start only when waited for.
 * TypeScript cannot see this, so the rule reads the type of every expression statement.
 *
 * Only a statement's own value is checked: an assignment, a `return`, an argument or an
 * array element passes the value on, so someone else may wait for it. `void op()` is an
 * explicit discard. Within `a, b`, `c ? a : b` and `c && a`, each dropped branch is checked.
 *
 * The fix is offered as a suggestion (it changes when the code runs, so never automatic):
 * `yield* ` inside a generator function, `await ` inside an async function.
 * @module
 */
import { AST_NODE_TYPES, ESLintUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { operationKind } from "./operation-kind.js";

type MessageId = "floatingOperation" | "floatingCoroutine" | "addYieldStar" | "addAwait";

/** The values a statement's expression throws away (a leaf is checked by its type). */
function droppedValues(expression: TSESTree.Expression): TSESTree.Expression[] {
  switch (expression.type) {
    case AST_NODE_TYPES.SequenceExpression:
      return expression.expressions.flatMap(droppedValues);
    case AST_NODE_TYPES.ConditionalExpression:
      return [...droppedValues(expression.consequent), ...droppedValues(expression.alternate)];
    case AST_NODE_TYPES.LogicalExpression:
      // The left side is read as a condition; only the right side can be dropped.
      return droppedValues(expression.right);
    case AST_NODE_TYPES.UnaryExpression:
      // `void x` says "drop it" on purpose; `!x`, `typeof x`, `delete x` read x.
      return [];
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.YieldExpression:
    case AST_NODE_TYPES.AwaitExpression:
      return [];
    default:
      return [expression];
  }
}

type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  // The Program node's parent is null at run time, though the types say undefined.
  for (let n: TSESTree.Node | null | undefined = node.parent; n; n = n.parent) {
    if (
      n.type === AST_NODE_TYPES.FunctionDeclaration ||
      n.type === AST_NODE_TYPES.FunctionExpression ||
      n.type === AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      return n;
    }
  }
  return undefined;
}

/** Expressions `await x` can take as they are; anything looser (`a as B`, `a + b`) gets parentheses. */
const TIGHT_OPERANDS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.TSNonNullExpression,
]);

function prefixFix(
  node: TSESTree.Expression,
  source: TSESLint.SourceCode,
  keyword: "yield*" | "await",
): TSESLint.ReportFixFunction {
  const text = source.getText(node);
  // `yield* x` is as loose as an assignment: only an operand of `&&`/`||`/`??` needs parentheses.
  // `await x` binds like `!x`: its operand must be tight, or it needs parentheses.
  const replacement =
    keyword === "yield*"
      ? node.parent.type === AST_NODE_TYPES.LogicalExpression
        ? `(yield* ${text})`
        : `yield* ${text}`
      : TIGHT_OPERANDS.has(node.type)
        ? `await ${text}`
        : `await (${text})`;
  return (fixer) => fixer.replaceText(node, replacement);
}

/**
 * Reports a statement whose value is a corio operation (an awaitable other than a Task) or a
 * generator object, i.e. a forgotten `yield*`. Requires type information.
 *
 * @example
 * // eslint.config.js
 * import corio from "@corio/eslint-plugin";
 * export default [{ plugins: { "@corio": corio }, rules: { "@corio/no-floating-operation": "error" } }];
 */
export const noFloatingOperation = ESLintUtils.RuleCreator.withoutDocs<[], MessageId>({
  meta: {
    type: "problem",
    hasSuggestions: true,
    docs: {
      description:
        "Require corio operations and coroutines to be waited for with `yield*` (or `await`), or dropped with `void`.",
    },
    messages: {
      floatingOperation:
        "A corio operation that is never waited for: it may not run, and its result and error are lost. " +
        "Use `yield*` in a coroutine or `await` in an async function, or `void` to drop it on purpose.",
      floatingCoroutine:
        "A coroutine that is created but never run (a generator does nothing until it is stepped). " +
        "Use `yield*` in a coroutine or `createTask(…)` to start it, or `void` to drop it on purpose.",
      addYieldStar: "Wait for it with `yield*`.",
      addAwait: "Wait for it with `await`.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();

    function check(node: TSESTree.Expression): void {
      const kind = operationKind(checker, services.program, services.getTypeAtLocation(node));
      if (kind === null) return;
      const fn = enclosingFunction(node);
      const suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
      if (fn?.async) {
        // `await` on a generator would not run it, so only operations get this fix.
        if (kind === "operation") suggest.push({ messageId: "addAwait", fix: prefixFix(node, context.sourceCode, "await") });
      } else if (fn?.generator) {
        suggest.push({ messageId: "addYieldStar", fix: prefixFix(node, context.sourceCode, "yield*") });
      }
      context.report({ node, messageId: kind === "operation" ? "floatingOperation" : "floatingCoroutine", suggest });
    }

    return {
      ExpressionStatement(statement) {
        for (const value of droppedValues(statement.expression)) check(value);
      },
    };
  },
});
