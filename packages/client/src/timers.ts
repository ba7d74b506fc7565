/**
 * Timers are a port, like the clock: the refresher schedules through it so
 * unit tests drive time by hand (packages/test-support `ManualTimers`) and
 * stay deterministic.
 */
export interface Timers {
  /**
   * Runs `fn` once after `ms`; returns a handle for `clear`. `fn` may return
   * the promise of the work it started: real timers ignore it, test timers
   * await it so a test's "advance" ends when the refresh it caused has.
   */
  set(fn: () => void | Promise<void>, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Node's timers, unref'd: a refresher never keeps a process alive on its own
 * (the service's server does).
 */
export const systemTimers: Timers = {
  set: (fn, ms) =>
    setTimeout(() => {
      void fn();
    }, ms).unref(),
  clear: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
