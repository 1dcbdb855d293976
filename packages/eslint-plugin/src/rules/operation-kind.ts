/**
 * Which values the rule cares about, decided from their TypeScript type.
 *
 * corio has no runtime brand to test for, and a lint rule sees types, not objects, so the
 * test is the protocol itself (`packages/corio/src/task/awaitable.ts`): a corio awaitable
 * has both a `then` method (so `await` works) and a `[Symbol.iterator]` method (so `yield*`
 * works). A promise has no iterator and an array no `then`, so neither matches. Testing
 * assignability to corio's `Awaitable` was rejected: it needs the corio declaration in the
 * linted program and misses copies of corio with another path (a monorepo, a bundled d.ts).
 *
 * Two exceptions keep the rule quiet where nothing is lost:
 * - a Task (it has `getCoro`) already runs on its own; dropping one is the fire-and-forget
 *   idiom (`tg.createTask(child())`);
 * - an async generator is not a corio coroutine, and no-floating-promises' territory.
 * @module
 */
import type ts from "typescript";

/**
 * `"operation"`: a corio awaitable that does nothing useful unless waited for.
 * `"coroutine"`: a generator object, i.e. a coroutine that was created and never run.
 */
export type OperationKind = "operation" | "coroutine";

/** TypeScript's property name for `[Symbol.iterator]` is `__@iterator@<id>` (older: `__@iterator`). */
function isIteratorKey(name: string): boolean {
  return name === "__@iterator" || name.startsWith("__@iterator@");
}

function hasMethod(checker: ts.TypeChecker, type: ts.Type, matches: (name: string) => boolean): boolean {
  const property = checker.getPropertiesOfType(type).find((p) => matches(p.escapedName as string));
  return property !== undefined && checker.getTypeOfSymbol(property).getCallSignatures().length > 0;
}

/** True for the `Generator` of TypeScript's own lib (so also corio's `Coro<T>`, an alias of it). */
function isLibGenerator(program: ts.Program, type: ts.Type): boolean {
  const symbol = type.getSymbol();
  if (symbol?.getName() !== "Generator") return false;
  return (symbol.getDeclarations() ?? []).some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
}

function kindOfOne(checker: ts.TypeChecker, program: ts.Program, type: ts.Type): OperationKind | null {
  if (isLibGenerator(program, type)) return "coroutine";
  const apparent = checker.getApparentType(type);
  const isAwaitable =
    hasMethod(checker, apparent, (n) => n === "then") && hasMethod(checker, apparent, isIteratorKey);
  if (!isAwaitable) return null;
  if (hasMethod(checker, apparent, (n) => n === "getCoro")) return null; // a Task: already running
  return "operation";
}

/**
 * What a value of `type` is, if dropping it loses a wait; null if nothing is lost. A union
 * (`Future<T> | undefined` from `a?.b()`) counts if any member does, a coroutine first.
 */
export function operationKind(checker: ts.TypeChecker, program: ts.Program, type: ts.Type): OperationKind | null {
  const members = type.isUnion() ? type.types : [type];
  let found: OperationKind | null = null;
  for (const member of members) {
    const kind = kindOfOne(checker, program, member);
    if (kind === "coroutine") return kind;
    found ??= kind;
  }
  return found;
}
