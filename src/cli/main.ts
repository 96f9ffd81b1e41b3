#!/usr/bin/env node
/** Entry point of the `mailroom` bin: run the program, map errors to exit codes. */
import { readFile } from 'node:fs/promises';
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT_OK, EXIT_USAGE, describeError, exitCodeFor } from './fail.js';

async function caRead(argv: string[]): Promise<string[]> {
  // --ca takes a file path; backends take PEM text.
  const i = argv.indexOf('--ca');
  const path = i === -1 ? undefined : argv[i + 1];
  if (path === undefined) return argv;
  const pem = await readFile(path, 'utf8');
  return [...argv.slice(0, i + 1), pem, ...argv.slice(i + 2)];
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(await caRead(argv), { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return EXIT_OK;
      return EXIT_USAGE;
    }
    process.stderr.write(`${describeError(error, debug)}\n`);
    return exitCodeFor(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
