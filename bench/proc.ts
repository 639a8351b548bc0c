/**
 * Processes of the benchmark: starting a server (pinned to CPUs with `taskset` when asked),
 * waiting until it answers, stopping it with SIGTERM, and reading its memory and CPU time from
 * `/proc` (Linux), for the process and its descendants (cluster workers).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** Whether `taskset` (util-linux) is on the PATH. */
export function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * Pins this process (every thread: `taskset -a`) to the given CPUs; threads created later inherit it.
 * @param cpus a `taskset -c` list such as `1` or `0-1`
 * @returns false when taskset failed
 */
export function pinSelf(cpus: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** A child server process, with its last lines of output kept for error reports. */
export interface ServerProcess {
  name: string
  url: string
  pid: number
  child: ChildProcess
  /** the last lines of stdout and stderr */
  output(): string
  /** null while running */
  exitCode(): number | null | 'signal'
}

/**
 * Starts a server process.
 * @param cmd the command and its arguments (`[process.execPath, 'dist/cli.js', 'serve']`)
 * @param cpus `taskset -c` CPU list, or undefined for no pinning
 */
export function startProcess(name: string, cmd: string[], options: { env: NodeJS.ProcessEnv; cwd: string; cpus: string | undefined; port: number }): ServerProcess {
  const argv = options.cpus === undefined ? cmd : ['taskset', '-c', options.cpus, ...cmd]
  const child = spawn(argv[0] as string, argv.slice(1), { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line)
    if (lines.length > 200) lines.splice(0, lines.length - 200)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exit: number | null | 'signal' = null
  child.on('exit', (code) => {
    exit = code ?? 'signal'
  })
  if (child.pid === undefined) throw new Error(`${name}: could not start ${argv.join(' ')}`)
  return { name, url: `http://127.0.0.1:${options.port}`, pid: child.pid, child, output: () => lines.join('\n'), exitCode: () => exit }
}

/**
 * Polls `path` until it answers 200.
 * @throws when the process exits first or `timeoutMs` passes
 */
export async function waitReady(server: ServerProcess, path = '/health/ready', timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode() !== null) throw new Error(`${server.name} exited (${server.exitCode()}) before it was ready:\n${server.output()}`)
    try {
      const res = await fetch(server.url + path, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error(`${server.name} was not ready within ${timeoutMs / 1000} s:\n${server.output()}`)
}

/**
 * SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`).
 * @returns the exit code (0 = a graceful shutdown), 'signal' when it had to be killed
 */
export async function stopProcess(server: ServerProcess, timeoutMs = 20_000): Promise<number | 'signal'> {
  const current = server.exitCode()
  if (current !== null) return current
  const exited = new Promise<number | 'signal'>((resolve) => server.child.once('exit', (code) => resolve(code ?? 'signal')))
  server.child.kill('SIGTERM')
  const timer = setTimeout(() => server.child.kill('SIGKILL'), timeoutMs)
  try {
    return await exited
  } finally {
    clearTimeout(timer)
  }
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name is in parentheses and may hold spaces: split after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** The process and all its descendants (cluster workers), by walking /proc. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const fields = statFields(Number(entry))
    const ppid = fields ? Number(fields[1]) : NaN
    if (!Number.isFinite(ppid)) continue
    const children = parents.get(ppid) ?? []
    children.push(Number(entry))
    parents.set(ppid, children)
  }
  const out: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const next = queue.shift() as number
    out.push(next)
    queue.push(...(parents.get(next) ?? []))
  }
  return out
}

/** Resident set size of one process, in bytes (`VmRSS` of /proc/<pid>/status); 0 when gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** RSS summed over the process tree, bytes. */
export function treeRssBytes(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + rssBytes(p), 0)
}

/**
 * User + system CPU time of every process whose command name is one of `names` (e.g. the
 * `postgres` backends, `redis-server`), seconds: what the database spent on the load.
 */
export function commandCpuSeconds(names: readonly string[]): number {
  let ticks = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    if (!names.includes(comm)) continue
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks / CLOCK_TICKS
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100

/** User + system CPU time of each process of the tree, seconds (/proc/<pid>/stat utime + stime). */
export function treeCpuByPid(pid: number): Map<number, number> {
  const out = new Map<number, number>()
  for (const p of processTree(pid)) {
    const fields = statFields(p)
    if (fields) out.set(p, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS)
  }
  return out
}

/** User + system CPU time of the process tree, seconds. */
export function treeCpuSeconds(pid: number): number {
  let sum = 0
  for (const seconds of treeCpuByPid(pid).values()) sum += seconds
  return sum
}

/**
 * Waits until the process tree has `processes` processes and has stopped burning CPU (under 5% of
 * a core over 500 ms): every cluster worker has loaded, built its app and gone idle, listening.
 */
export async function waitSettled(pid: number, processes: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let before = -1
  while (Date.now() < deadline) {
    const count = processTree(pid).length
    const now = treeCpuSeconds(pid)
    if (count >= processes && before >= 0 && now - before < 0.025) return
    before = count >= processes ? now : -1
    await sleep(500)
  }
}
