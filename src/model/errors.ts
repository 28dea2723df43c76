/**
 * The user's mistakes, as one family of errors: a bad argument, an input
 * table or analysis folder that cannot be read, a dictionary or label file
 * with a problem. Every command exits 2 with the message for one of these,
 * and 1 with the stack for anything else (a full disk, a bug), which is not
 * the user's to fix by changing what they gave.
 */

const USER_ERROR: unique symbol = Symbol.for('fazhi.UserError');

/** A mistake of the user's (an argument, an input, a table, a dictionary), with a message that names it; the CLI exits 2 for one. `instanceof UserError` holds for every error of the family. */
export class UserError extends Error {
  /**
   * A member of the family is an error whose prototype carries the mark, so
   * that a class which must extend another built-in (CompareOptionError is a
   * RangeError) joins it with markUserError. Subclasses test as usual.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== UserError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [USER_ERROR]?: boolean })[USER_ERROR] === true;
  }
}
(UserError.prototype as unknown as Record<symbol, boolean>)[USER_ERROR] = true;

/** Make a class that cannot extend UserError a member of the family. */
export function markUserError(cls: abstract new (...args: never[]) => Error): void {
  (cls.prototype as unknown as Record<symbol, boolean>)[USER_ERROR] = true;
}

/** A command-line argument or option the command cannot use. */
export class ArgumentError extends UserError {}

/** A table the user gave (--meta) that cannot be used as it is. */
export class MetaTableError extends UserError {}

/** A dictionary the user gave (--dict, --user-dict, --stopwords) that cannot be loaded. */
export class DictionaryError extends UserError {}

/** The message of anything thrown: an Error's message, anything else as a string. */
export function errorMessage(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}
