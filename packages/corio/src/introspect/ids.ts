/**
 * Small stable numbers for objects, handed out the first time an object is described
 * (`Lock#3`, task ids in `corio ps`). Kept in a WeakMap rather than a field: only the
 * objects someone looks at ever get one, and the hot path pays nothing.
 * @module
 */

const ids = new WeakMap<object, number>();
let next = 0;

/** The object's number, assigned on first request; the same object always gets the same one. @internal */
export function idOf(obj: object): number {
  let id = ids.get(obj);
  if (id === undefined) {
    id = ++next;
    ids.set(obj, id);
  }
  return id;
}
