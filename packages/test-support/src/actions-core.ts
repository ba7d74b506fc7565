/** One call the code under test made on the recorded `@actions/core` surface, in order. */
export interface CoreCall {
  readonly kind: 'secret' | 'output' | 'info' | 'warning' | 'error' | 'failed' | 'summary';
  readonly name?: string;
  readonly text: string;
}

/**
 * A structural stand-in for the rotator action's `ActionCore` port: inputs
 * from a map, every other call recorded in order, so tests can assert that a
 * value was masked (`setSecret`) before any output mentioned it.
 */
export class RecordingActionsCore {
  readonly calls: CoreCall[] = [];
  readonly #inputs: Readonly<Record<string, string>>;

  constructor(inputs: Readonly<Record<string, string>> = {}) {
    this.#inputs = inputs;
  }

  getInput(name: string): string {
    return (this.#inputs[name] ?? '').trim();
  }

  setSecret(value: string): void {
    this.calls.push({ kind: 'secret', text: value });
  }

  setOutput(name: string, value: string): void {
    this.calls.push({ kind: 'output', name, text: value });
  }

  info(message: string): void {
    this.calls.push({ kind: 'info', text: message });
  }

  warning(message: string, props?: { readonly title?: string }): void {
    this.calls.push({ kind: 'warning', text: `${props?.title ?? ''} ${message}` });
  }

  error(message: string, props?: { readonly title?: string }): void {
    this.calls.push({ kind: 'error', text: `${props?.title ?? ''} ${message}` });
  }

  setFailed(message: string): void {
    this.calls.push({ kind: 'failed', text: message });
  }

  appendSummary(markdown: string): Promise<void> {
    this.calls.push({ kind: 'summary', text: markdown });
    return Promise.resolve();
  }

  /** The value of output `name` (the last one set), or undefined. */
  output(name: string): string | undefined {
    return this.calls.findLast((c) => c.kind === 'output' && c.name === name)?.text;
  }

  /** Everything written except the masks: outputs, logs, annotations, summary. */
  printed(): string {
    return this.calls
      .filter((c) => c.kind !== 'secret')
      .map((c) => c.text)
      .join('\n');
  }
}
