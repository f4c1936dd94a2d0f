/** Exit codes, decided once, at the edge. */
export const EXIT = { ok: 0, findings: 1, usage: 2, scanFailed: 3, locked: 4 } as const;

/** An error the user can fix: printed as one line, never a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.exitCode = exitCode;
  }
}
