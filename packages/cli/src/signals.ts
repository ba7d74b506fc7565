/** The stop signals the CLI reacts to, with the status a shell reports for them (128 + number). */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The part of `process` the gate touches (a fake in tests). */
export interface SignalProcess {
  readonly pid: number;
  on(event: StopSignal, listener: () => void): unknown;
  removeListener(event: StopSignal, listener: () => void): unknown;
  kill(pid: number, signal: StopSignal): unknown;
}

export interface SignalGateOptions {
  /** How long a holding command may take to stop after the first signal. */
  readonly graceMs: number;
  /** Told once when a holding command is asked to stop, and when its grace runs out. */
  readonly notify: (message: string) => void;
  readonly setTimer?: (fn: () => void, ms: number) => { unref?: () => unknown };
}

export interface SignalGate {
  /** Resolves on the first signal while holding; long-running commands await it and stop. */
  readonly stopSignal: Promise<void>;
  /** The signal received while holding, if any. */
  readonly received: () => StopSignal | undefined;
  /** From now on the first signal only asks the command to stop (see {@link openSignalGate}). */
  readonly hold: () => void;
  /** Removes the handlers (after the command returned). */
  readonly dispose: () => void;
}

/**
 * Signal handling of the process edge (issue 13 item 11).
 *
 * By default no handler is installed, so SIGINT/SIGTERM keep their default
 * action: the kernel ends the process at once, whatever it is blocked on (a
 * FIFO, a network call), and the shell sees 130/143. A handler that calls
 * `process.exit` would not do: exit waits for libuv's thread pool, which a
 * blocked `open` never leaves.
 *
 * A long-running command (a server, a rotation that should reach a resumable
 * checkpoint) calls {@link SignalGate.hold}: the first signal resolves
 * `stopSignal` and starts a grace timer; a second signal, or the end of the
 * grace period, restores the default action and re-raises the signal, which
 * ends the process at once with the conventional status.
 */
export function openSignalGate(proc: SignalProcess, options: SignalGateOptions): SignalGate {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  let received: StopSignal | undefined;
  let resolveStop = (): void => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    resolveStop = resolve;
  });
  const die = (signal: StopSignal): void => {
    dispose();
    proc.kill(proc.pid, signal);
  };
  const listeners = {
    SIGINT: () => {
      onSignal('SIGINT');
    },
    SIGTERM: () => {
      onSignal('SIGTERM');
    },
  } as const;
  function onSignal(signal: StopSignal): void {
    if (received !== undefined) {
      die(signal);
      return;
    }
    received = signal;
    const seconds = Math.round(options.graceMs / 1000);
    options.notify(`${signal}: stopping (up to ${seconds} s; send it again to stop at once)`);
    setTimer(() => {
      options.notify(`did not stop within ${seconds} s; exiting`);
      die(signal);
    }, options.graceMs).unref?.();
    resolveStop();
  }
  let holding = false;
  function dispose(): void {
    if (!holding) return;
    holding = false;
    for (const s of Object.keys(listeners) as StopSignal[]) proc.removeListener(s, listeners[s]);
  }
  return {
    stopSignal,
    received: () => received,
    hold() {
      if (holding) return;
      holding = true;
      for (const s of Object.keys(listeners) as StopSignal[]) proc.on(s, listeners[s]);
    },
    dispose,
  };
}

/** The exit status after a command returned: a command that did not finish cleanly after a signal reports the signal. */
export function exitStatus(code: number, received: StopSignal | undefined): number {
  return received !== undefined && code !== 0 ? STOP_SIGNALS[received] : code;
}
