import { inspect } from 'node:util'
import { CommanderError } from 'commander'
import { ConfigError, maskDatabaseUrl } from '../config.ts'
import { AppError } from '../errors.ts'
import { ImportError } from '../modules/books/import/import-catalog.ts'
import { KeySetError } from '../modules/keys/key-set.ts'

/** An operator's mistake or an unreachable dependency, already worded for one line of stderr. */
export class CliError extends Error {
  override name = 'CliError'
}

/** What the error line may name: the listening address and the database URL of the run. */
export interface ErrorContext {
  port?: number
  host?: string
}

/**
 * The first line of an error's message; an `AggregateError` (a connection refused on every
 * address of a host) has an empty message of its own, so its first inner error speaks instead.
 */
export function firstLine(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return firstLine(error.errors[0])
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]?.trim() || (error as NodeJS.ErrnoException | undefined)?.code || 'unknown error'
}

/**
 * Wraps a failure to reach the database in a {@link CliError} naming `DATABASE_URL` with its
 * password masked (`postgres://user:***@host/db`), and the driver's reason.
 */
export function databaseUnreachable(url: string, cause: unknown): CliError {
  return new CliError(`database unreachable: DATABASE_URL=${maskDatabaseUrl(url)}: ${firstLine(cause)}`, { cause })
}

/**
 * One line saying what went wrong, for stderr, without the value of any secret: the message
 * of a {@link CliError}, `ConfigError`, `ImportError` or `KeySetError` as is; a port in use or refused with
 * the `PORT`/`HOST` it came from; an `AppError` by its detail; anything else by the first line
 * of its message, marked unexpected.
 */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof ImportError || error instanceof KeySetError) return error.message
  if (error instanceof CommanderError) return error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')
  if (error instanceof AppError) return firstLine(error).replace(/^The /, 'the ')
  const errno = error as NodeJS.ErrnoException & { port?: number; address?: string }
  if (errno?.syscall === 'listen' || errno?.syscall === 'bind') {
    const where = `port ${errno.port ?? context.port} on ${errno.address ?? context.host}`
    if (errno.code === 'EADDRINUSE') return `${where} is in use (PORT/HOST)`
    if (errno.code === 'EACCES') return `${where}: permission denied (PORT/HOST; ports below 1024 need privileges)`
    if (errno.code === 'EADDRNOTAVAIL') return `${where}: the address is not one of this machine's (HOST)`
  }
  return `unexpected error: ${firstLine(error)} (DEBUG=1 shows the stack)`
}

/**
 * Whether a stack goes to stderr after the error line: `DEBUG` set to anything but `0`/empty,
 * or `LOG_LEVEL` debug or trace.
 */
export function wantsStack(env: Record<string, string | undefined>): boolean {
  return (env.DEBUG !== undefined && env.DEBUG !== '' && env.DEBUG !== '0') || env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace'
}

/** The full error with its causes, for {@link wantsStack}. */
export function stackOf(error: unknown): string {
  return inspect(error, { depth: 4 })
}
