/** Where a workflow command's annotation points; every property optional. */
export interface AnnotationProps {
  readonly title?: string;
  readonly file?: string;
}

/**
 * The part of `@actions/core` the action uses, as a port: the entrypoint
 * plugs in the real module, tests a recorder. Every method writes a
 * workflow command or a runner file, so everything untrusted passed here is
 * escaped first (the adapter also escapes `%`, CR and LF in command data).
 */
export interface ActionCore {
  /** The input's value, trimmed; '' when not set. */
  getInput(name: string): string;
  /** Masks `value` in every later log line (`::add-mask::`). */
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  /** Marks the step failed with one error annotation. */
  setFailed(message: string): void;
  /** Appends markdown to the job summary (`GITHUB_STEP_SUMMARY`). */
  appendSummary(markdown: string): Promise<void>;
}
