/**
 * Whether a process of this host is running, for the files a run names by its pid (the
 * state lock, atomic files' temporary names): a dead pid's file is a leftover.
 * @module
 */

/**
 * Is process `pid` (on this host) alive? `EPERM` means it exists but is someone else's.
 *
 * @example
 * ```ts
 * isAlive(process.pid); // true
 * ```
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
