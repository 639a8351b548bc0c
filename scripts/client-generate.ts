// `npm run client:generate`: rewrites the generated files of the TypeScript client
// (clients/typescript/src) from the OpenAPI document the current code serves.
import { writeFileSync } from 'node:fs'
import { fromRepositoryRoot, renderClientFiles } from './client-schema.ts'

for (const [path, text] of Object.entries(await renderClientFiles())) {
  writeFileSync(fromRepositoryRoot(path), text)
  console.log(`wrote ${path}`)
}
