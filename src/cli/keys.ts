import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError, Option } from 'commander'
import { addKey, generateKey, type KeySet, KeySetError, parseKeySet, readKeySetFile, retireKey, SIGNING_ALGORITHMS, type SigningAlgorithm, signingKeyOf, verifiesUntil, writeKeySetFile } from '../modules/keys/key-set.ts'
import { CliError } from './errors.ts'

/** Where `library-api keys` keeps the key set when neither `--file` nor `JWT_KEYS_FILE` says otherwise. */
export const DEFAULT_KEYS_FILE = 'data/keys/jwks.json'

/** The variables the key commands read (they run before a server configuration may be valid: `keys generate` makes one). */
export interface KeysEnv {
  [name: string]: string | undefined
  JWT_KEYS_FILE?: string
  JWT_KEYS?: string
  ACCESS_TOKEN_TTL?: string
  REFRESH_TOKEN_TTL?: string
  JWT_KEYS_RELOAD_INTERVAL?: string
}

interface TargetOptions {
  file?: string
  print?: boolean
}

/** Seconds a retired key still verifies, as the server computes it (longest token lifetime + reload interval). */
function retiredLifetime(env: KeysEnv): number {
  const integer = (value: string | undefined, fallback: number) => (value && /^\d+$/.test(value.trim()) ? Number(value) : fallback)
  return Math.max(integer(env.ACCESS_TOKEN_TTL, 900), integer(env.REFRESH_TOKEN_TTL, 2_592_000)) + integer(env.JWT_KEYS_RELOAD_INTERVAL, 30)
}

function filePath(env: KeysEnv, opts: TargetOptions): string {
  return resolve(opts.file ?? env.JWT_KEYS_FILE ?? DEFAULT_KEYS_FILE)
}

/**
 * The key set a command changes: `--file`, else `JWT_KEYS` (only with `--print`: the result goes
 * back to the secret store), else `JWT_KEYS_FILE` or {@link DEFAULT_KEYS_FILE}.
 */
async function currentSet(env: KeysEnv, opts: TargetOptions): Promise<KeySet> {
  if (opts.file === undefined && env.JWT_KEYS) {
    if (!opts.print && !env.JWT_KEYS_FILE) throw new CliError('the key set comes from JWT_KEYS: add --print to print the changed set for your secret store (or --file <path> to work on a file)')
    if (!env.JWT_KEYS_FILE) return parseKeySet(env.JWT_KEYS, 'JWT_KEYS')
  }
  return readKeySetFile(filePath(env, opts))
}

async function save(env: KeysEnv, opts: TargetOptions, set: KeySet, done: string, created = false): Promise<void> {
  if (opts.print) {
    process.stdout.write(JSON.stringify(set) + '\n')
    process.stderr.write(`${done}; the key set above holds private keys: store it as JWT_KEYS in your secret store\n`)
    return
  }
  const path = filePath(env, opts)
  await writeKeySetFile(path, set)
  const hint = env.JWT_KEYS_FILE && !created ? 'servers re-read it within JWT_KEYS_RELOAD_INTERVAL' : `start the servers with JWT_KEYS_FILE=${path}`
  console.log(`${done}; wrote ${path} (mode 0600): ${hint}`)
}

function parseAlg(value: string): SigningAlgorithm {
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${SIGNING_ALGORITHMS.join(', ')}`)
  return value as SigningAlgorithm
}

/**
 * Adds `library-api keys generate|rotate|retire|list`, which manage the EdDSA/RS256 key set: a
 * file (default {@link DEFAULT_KEYS_FILE}, mode 0600, written atomically so that running servers
 * re-read it safely) or, with `--print`, a JWK Set printed for a secret store (`JWT_KEYS`).
 * @param readEnv the process environment, `.env` loaded (only `cli.ts` reads it), read when a command runs
 * @see README "Signing keys", RFC 7517
 */
export function registerKeyCommands(program: Command, readEnv: () => KeysEnv): void {
  let env: KeysEnv = {}
  program.hook('preAction', (_program, action) => {
    if (action.parent?.name() === 'keys') env = readEnv()
  })
  const keys = program.command('keys').description('manage the EdDSA/RS256 signing keys (JWT_KEYS_FILE or JWT_KEYS): generate, rotate, retire, list')
  const fileOption = () => new Option('-f, --file <path>', `the key set file (default: JWT_KEYS_FILE, else ${DEFAULT_KEYS_FILE})`)
  const printOption = () => new Option('--print', 'print the key set (JSON, one line) for a secret store instead of writing the file')
  const algOption = () => new Option('-a, --alg <alg>', 'EdDSA (Ed25519) or RS256 (2048-bit RSA)').argParser(parseAlg).default('EdDSA')

  keys
    .command('generate')
    .description('create a key set with one new signing key (refused when the file exists: use rotate)')
    .addOption(algOption())
    .addOption(fileOption())
    .addOption(printOption())
    .action(async (opts: TargetOptions & { alg: SigningAlgorithm }) => {
      const path = filePath(env, opts)
      if (!opts.print && existsSync(path)) throw new CliError(`${path} exists already: use \`library-api keys rotate\` to add a key (a new set would log everybody out)`)
      const key = await generateKey(opts.alg, new Date())
      await save(env, opts, { keys: [key] }, `generated ${key.alg} key ${key.kid}`, true)
    })

  keys
    .command('rotate')
    .description('add a new signing key: it signs from now on, every earlier key keeps verifying (nobody is logged out); retired keys past their last token are dropped')
    .addOption(algOption())
    .addOption(fileOption())
    .addOption(printOption())
    .action(async (opts: TargetOptions & { alg: SigningAlgorithm }) => {
      const now = new Date()
      const nowSeconds = Math.floor(now.getTime() / 1000)
      const current = await currentSet(env, opts)
      const kept = { keys: current.keys.filter((k) => nowSeconds < verifiesUntil(k, retiredLifetime(env))) }
      const dropped = current.keys.length - kept.keys.length
      const key = await generateKey(opts.alg, now)
      await save(env, opts, addKey(kept, key), `added ${key.alg} key ${key.kid}, which signs from now on${dropped ? `; dropped ${dropped} expired key(s)` : ''}`)
    })

  keys
    .command('retire')
    .argument('<kid>', 'the key to retire (see `keys list`)')
    .description('stop signing with a key at once; it verifies until its last token can have expired (longest token lifetime + JWT_KEYS_RELOAD_INTERVAL), then it is neither published nor accepted')
    .addOption(fileOption())
    .addOption(printOption())
    .action(async (kid: string, opts: TargetOptions) => {
      const retired = retireKey(await currentSet(env, opts), kid, new Date())
      const until = new Date(verifiesUntil(retired.keys.find((k) => k.kid === kid)!, retiredLifetime(env)) * 1000).toISOString()
      await save(env, opts, retired, `retired key ${kid}: it verifies until ${until}; key ${signingKeyOf(retired)!.kid} signs`)
    })

  keys
    .command('list')
    .description('list the keys (kid, alg, created, status) without any key material')
    .addOption(fileOption())
    .action(async (opts: TargetOptions) => {
      const set = await currentSet(env, { ...opts, print: true })
      const signer = signingKeyOf(set)
      const nowSeconds = Math.floor(Date.now() / 1000)
      for (const key of set.keys) {
        const until = verifiesUntil(key, retiredLifetime(env))
        const status = key === signer ? 'signing' : key.retired_at === undefined ? 'verifying' : nowSeconds < until ? `retired ${key.retired_at}, verifies until ${new Date(until * 1000).toISOString()}` : 'expired (no longer accepted)'
        console.log(`${key.kid}  ${key.alg.padEnd(5)}  created ${key.created_at}  ${status}`)
      }
      if (set.keys.length === 0) throw new KeySetError('the key set is empty')
    })
}
