/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and tells where the time went: the functions
 * with the most self time, and self time by package. Locations in dist/ are mapped back to src/
 * through the build's source maps.
 *
 * Also a command: `node --import tsx bench/profile.ts <file.cpuprofile> [top]`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
}

interface CpuProfile {
  nodes: ProfileNode[]
  /** microseconds on the monotonic clock */
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

const maps = new Map<string, SourceMap | null>()

/** `dist/x.js:line` → `src/x.ts:line` when the build left a source map; else the location as is. */
function locate(frame: CallFrame, root: string): string {
  if (!frame.url) return ''
  if (!frame.url.startsWith('file://')) return `${frame.url}:${frame.lineNumber + 1}`
  const file = fileURLToPath(frame.url)
  let map = maps.get(file)
  if (map === undefined) {
    map = null
    if (file.startsWith(resolve(root, 'dist')) && existsSync(`${file}.map`)) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')))
      } catch {
        map = null
      }
    }
    maps.set(file, map)
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(file, '..', entry.originalSource)
    return `${relative(root, source)}:${entry.originalLine + 1}`
  }
  // a file transformed on the fly (tsx) has no line of its source in the profile
  return file.endsWith('.ts') ? relative(root, file) : `${relative(root, file)}:${frame.lineNumber + 1}`
}

/** Where a location belongs: the app, a package, Node itself, or V8's pseudo-frames. */
function category(frame: CallFrame, location: string): string {
  if (!frame.url) {
    if (frame.functionName.startsWith('(')) return frame.functionName
    // code compiled at run time with new Function: fast-json-stringify serializers, ajv validators
    if (/^(anonymous\d*|validate\d+)$/.test(frame.functionName)) return '(generated: serializers, validators)'
    return '(native / V8 builtins)'
  }
  if (frame.url.startsWith('node:')) return 'node: internals'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(location)
  if (pkg) return pkg[1] as string
  if (location.startsWith('src/')) return 'app (src/)'
  return location.split(':')[0] as string
}

/**
 * @param file a `.cpuprofile`
 * @param options.root the repository (to shorten paths and find dist/ source maps)
 * @param options.top how many functions to list
 * @param options.window only the samples taken in this span of the monotonic clock (µs), e.g.
 *   the measured load without the start-up and the warm-up; all samples when none falls in it
 * @param options.requests requests served in the window, for the CPU time per request
 * @returns a plain-text report
 */
export function summarizeProfile(file: string, options: { root: string; top?: number; window?: { startUs: number; endUs: number }; requests?: number }): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const collect = (window: { startUs: number; endUs: number } | undefined) => {
    const self = new Map<number, number>()
    let at = profile.startTime
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i] ?? 0
      if (window && (at < window.startUs || at > window.endUs)) continue
      const id = profile.samples[i] as number
      // timeDeltas[i + 1] is the time from this sample to the next: the time spent where it was taken
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
    }
    return self
  }
  let selfUs = collect(options.window)
  const windowed = options.window !== undefined && selfUs.size > 0
  if (!windowed) selfUs = collect(undefined)
  const functions = new Map<string, { name: string; location: string; category: string; us: number }>()
  const categories = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const [id, us] of selfUs) {
    const node = byId.get(id)
    if (!node) continue
    const frame = node.callFrame
    if (frame.functionName === '(idle)') {
      idle += us
      continue
    }
    total += us
    const location = locate(frame, options.root)
    const name = frame.functionName || '(anonymous)'
    const key = `${name} ${location}`
    const entry = functions.get(key) ?? { name, location, category: category(frame, location), us: 0 }
    entry.us += us
    functions.set(key, entry)
    categories.set(entry.category, (categories.get(entry.category) ?? 0) + us)
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%`
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`
  const scope = windowed ? 'the measured window only' : 'the whole process life, start-up included'
  const perRequest = windowed && options.requests ? `, ${(total / options.requests).toFixed(0)} µs busy per request` : ''
  const lines = [`${scope}: busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s${perRequest}; self time, % of busy:`, '', 'by package:']
  for (const [name, us] of [...categories].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${pct(us)} ${ms(us)}  ${name}`)
  lines.push('', 'top functions:')
  for (const f of [...functions.values()].sort((a, b) => b.us - a.us).slice(0, options.top ?? 25)) {
    lines.push(`  ${pct(f.us)} ${ms(f.us)}  ${f.name}  ${f.location}`)
  }
  return lines.join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2)
  if (!file) {
    console.error('usage: node --import tsx bench/profile.ts <file.cpuprofile> [top]')
    process.exit(2)
  }
  console.log(summarizeProfile(file, { root: resolve(fileURLToPath(import.meta.url), '..', '..'), top: top ? Number(top) : 30 }))
}
