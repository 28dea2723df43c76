import type { Command } from 'commander';
export function registerAgreeCommand(program: Command): Command {
  return program;
}
