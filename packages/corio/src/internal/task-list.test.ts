import { describe, expect, it } from "vitest";
import { TaskList, type Linked } from "./task-list.js";

const node = (): Linked => ({ _prevPending: null, _nextPending: null });

describe("TaskList (intrusive list of pending tasks, no 'listed' flag)", () => {
  it("knows membership from the links alone: head, middle, tail, a lone item, after removal", () => {
    const list = new TaskList<Linked>();
    const [a, b, c] = [node(), node(), node()];
    expect(list.has(a)).toBe(false);
    list.add(a);
    expect(list.has(a)).toBe(true); // alone: the head, no links
    list.add(b);
    list.add(c);
    list.add(b); // adding twice is a no-op
    expect([list.size, [...list]]).toEqual([3, [a, b, c]]);
    expect(list.delete(b)).toBe(true); // middle
    expect([list.has(b), list.delete(b), list.size]).toEqual([false, false, 2]);
    expect(list.delete(c)).toBe(true); // head (newest)
    expect(list.delete(a)).toBe(true); // last one
    expect([list.has(a), list.has(c), list.size, [...list]]).toEqual([false, false, 0, []]);
    list.add(c);
    expect([list.has(c), list.has(a), [...list]]).toEqual([true, false, [c]]);
  });
});
