import { Writable } from 'node:stream'
import { Redis } from 'ioredis'
import { TEST_REDIS_URL } from '../helper.ts'

/**
 * Fails (never skips) when the test Redis does not answer: the suites that call it test the
 * distributed backend and mean nothing without it.
 * @throws Error naming TEST_REDIS_URL
 */
export async function requireRedis(): Promise<void> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    if ((await client.ping()) !== 'PONG') throw new Error('no PONG')
  } catch (error) {
    throw new Error(`these tests need Redis at ${TEST_REDIS_URL} (TEST_REDIS_URL): ${(error as Error).message}`)
  } finally {
    client.disconnect()
  }
}

/** The port of the test Redis (the target of a `Partition`). */
export function testRedisPort(): number {
  return Number(new URL(TEST_REDIS_URL).port || 6379)
}

/** Deletes every key under `prefix` in the test Redis (a flush of one deployment); returns how many. */
export async function deleteKeys(prefix: string): Promise<number> {
  const client = new Redis(TEST_REDIS_URL)
  try {
    let deleted = 0
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await client.del(...keys)
    }
    return deleted
  } finally {
    client.disconnect()
  }
}

/** Whether `key` exists in the test Redis. */
export async function keyExists(key: string): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL)
  try {
    return (await client.exists(key)) === 1
  } finally {
    client.disconnect()
  }
}

/** A log stream that keeps every line's `msg`, for counting what was logged. */
export function logLines(): { stream: Writable; lines: string[]; count(pattern: RegExp): number } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(String((JSON.parse(line) as { msg?: string }).msg))
      done()
    },
  })
  return { stream, lines, count: (pattern) => lines.filter((l) => pattern.test(l)).length }
}
