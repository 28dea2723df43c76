/** Parsers of option values shared by the commands: a wrong value is commander's InvalidArgumentError (exit 2, naming the option). */
import { InvalidArgumentError } from 'commander';

export function parseInteger(min: number): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return n;
  };
}
