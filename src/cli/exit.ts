/**
 * How every command ends on an error: the user's mistake (a UserError: a bad
 * argument, input table, analysis folder, dictionary or label file) exits 2
 * with its message; anything else (a full disk, a bug) is thrown on, and Node
 * prints its stack and exits 1.
 */
import { ArgumentError, UserError } from '../model/errors.js';

/** A command's action, exiting 2 for a UserError. */
export function exitOnUserError<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (e instanceof UserError) exitWith(e.message);
      throw e;
    }
  };
}

/** Stop for a wrong argument (exit 2): what a command checks before it starts. */
export function argumentError(message: string): never {
  throw new ArgumentError(message);
}

/** Stop at once for the user's mistake, with its message: exit 2 (for actions not wrapped in exitOnUserError). */
export function usageError(message: string): never {
  exitWith(message);
}

function exitWith(message: string): never {
  process.stderr.write(`fazhi: ${message}\n`);
  process.exit(2);
}
