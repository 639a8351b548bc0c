import { readFileSync } from 'node:fs'
import { summarizeProfile } from './profile.ts'
const f = process.argv[2]!
const p = JSON.parse(readFileSync(f, 'utf8'))
const end = p.endTime
console.log(summarizeProfile(f, { root: '/work/wt/c', top: 40, window: { startUs: end - Number(process.argv[3] ?? 5.3) * 1e6, endUs: end - 0.3e6 } }))
