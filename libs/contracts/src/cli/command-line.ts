import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The options of a command line, as node:util parseArgs takes them. */
export type CommandLineOptions = NonNullable<ParseArgsConfig['options']>;
/** Option values by name and the positionals, typed from the options. */
export type ParsedCommandLine<O extends CommandLineOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** A command line the repository's CLIs refuse: the message says what is wrong, the caller prints its usage. */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

/**
 * Strict parsing for the repository's CLIs (npm run dlq, the AsyncAPI generator): an unknown option, an option
 * without its value, an empty value or a value given to a flag is an error. Ignoring a mistyped option once
 * widened a command (`replay T --evnt-id A` replayed every dead letter; `--chek` wrote the file).
 */
export function parseCommandLine<const O extends CommandLineOptions>(args: string[], options: O, maxPositionals: number): ParsedCommandLine<O> {
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    if (!String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw e;
    // Node's messages go on about '--' escapes; the first sentence names the option.
    throw new CommandLineError((e as Error).message.split(/\.(?:\s|$)|\n/)[0]!);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === '') throw new CommandLineError(`Option '--${name}' needs a value`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new CommandLineError(`Unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return parsed;
}
