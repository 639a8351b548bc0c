import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { Config } from '../config.ts'
import type { PasswordHasher } from '../modules/auth/passwords.ts'
import type { TokenService } from '../modules/auth/tokens.ts'
import type { Clock } from './clock.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    clock: Clock
    hasher: PasswordHasher
    tokens: TokenService
  }
}

/** The Fastify instance with the TypeBox type provider, as every route module receives it. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>
