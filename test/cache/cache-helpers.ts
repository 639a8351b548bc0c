import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { connect, createServer, type Server, type Socket } from 'node:net'
import type { LightMyRequestResponse } from 'fastify'
import { Redis } from 'ioredis'
import { sqliteConnectionOf } from '../../src/db/connect.ts'
import type { Db } from '../../src/db/schema.ts'
import { TEST_REDIS, TEST_REDIS_URL } from '../helper.ts'

/** A Redis key prefix no other test uses. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`
}

/** The env overrides that put an app on the suite's backend (Redis on the distributed pass), with its own prefix. */
export function backendEnv(name: string): Record<string, string> {
  return TEST_REDIS ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: uniquePrefix(name) } : {}
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Polls `check` every 50 ms until it is true. @throws Error after `timeoutMs` */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A `redis-server` of the test's own, without persistence, on `port` (never the shared 6379). */
export class OwnRedis {
  private child: ChildProcess | undefined
  readonly port: number

  constructor(port: number) {
    this.port = port
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    const probe = new Redis(this.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await waitFor(async () => (await probe.connect().then(() => probe.ping(), () => undefined)) === 'PONG', 10_000, `redis-server on ${this.port}`)
    } finally {
      probe.disconnect()
    }
  }

  /** Kills the server (SIGKILL: no goodbye to the clients) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null) return
    this.child = undefined
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}

/** A TCP proxy whose link can be cut and healed: a network partition between an app and Redis. */
export class Partition {
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  readonly port: number
  readonly targetPort: number

  constructor(port: number, targetPort: number) {
    this.port = port
    this.targetPort = targetPort
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** (Re)opens the link: accepts connections and forwards them to the target. */
  async heal(): Promise<void> {
    const server = createServer((client) => this.pipe(client))
    this.server = server
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1')
    this.sockets.add(client).add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      this.sockets.delete(client)
      this.sockets.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream).pipe(client)
  }

  /** Stops accepting and drops every open link. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    const server = this.server
    this.server = undefined
    if (server) await new Promise((resolve) => server.close(resolve))
  }
}

/**
 * Counts the SQL statements that read the `books` table, by wrapping the executor of the app's
 * Kysely instance (instrumentation, not a mock: every query still runs).
 * @returns the running count and a function that removes the wrapper
 */
export function countBookQueries(db: Db): { count(): number; restore(): void } {
  const executor = db.getExecutor() as unknown as { executeQuery: (query: { sql: string }, ...rest: unknown[]) => Promise<unknown> }
  const original = executor.executeQuery
  let n = 0
  executor.executeQuery = function (this: unknown, query: { sql: string }, ...rest: unknown[]) {
    if (/from "books"/i.test(query.sql)) n++
    return original.call(this, query, ...rest)
  }
  // Prepared queries on SQLite run straight through better-sqlite3 (src/db/prepared.ts).
  const direct = sqliteConnectionOf(db)
  const originalPrepare = direct?.prepare
  if (direct && originalPrepare) {
    direct.prepare = (sql: string) => {
      if (/from "books"/i.test(sql)) n++
      return originalPrepare(sql)
    }
  }
  return {
    count: () => n,
    restore: () => {
      executor.executeQuery = original
      if (direct && originalPrepare) direct.prepare = originalPrepare
    },
  }
}

/** The `X-Cache` header of a response, or undefined. */
export function xCache(response: LightMyRequestResponse): string | undefined {
  const value = response.headers['x-cache']
  return value === undefined ? undefined : String(value)
}
