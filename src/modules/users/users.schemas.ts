import { type Static, Type } from 'typebox'
import { PASSWORD_PATTERN } from '../../shared/password-rule.ts'
import { ROLES } from '../../shared/permissions.ts'
import { OffsetPage, OffsetPageQuery, ref, Timestamp } from '../../shared/schemas.ts'

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)), { description: 'a role' })
export const Username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$', examples: ['ada_l'] })
export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ada@example.org'] })
export const Password = Type.String({
  minLength: 8,
  maxLength: 128,
  pattern: PASSWORD_PATTERN,
  description: '8–128 characters with an upper-case letter, a lower-case letter, a digit and a symbol',
  examples: ['Correct-Horse-9'],
})

/** A user as the user themself, an admin or a librarian sees it. Never a hash or token. */
export const UserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    email: Type.String(),
    roles: Type.Array(Type.String()),
    is_active: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'User',
    additionalProperties: false,
    examples: [{ id: 7, username: 'ada_l', email: 'ada@example.org', roles: ['member'], is_active: true, created_at: '2026-11-21T10:00:00.000Z', updated_at: '2026-11-21T10:00:00.000Z' }],
  },
)
export type User = Static<typeof UserSchema>

/** What anyone else sees of a user. */
export const PublicUserSchema = Type.Object(
  { id: Type.Integer(), username: Type.String(), created_at: Timestamp },
  { $id: 'PublicUser', additionalProperties: false },
)
export type PublicUser = Static<typeof PublicUserSchema>

export const UserOrPublicUser = Type.Union([ref(UserSchema), ref(PublicUserSchema)])

export const ListUsersQuery = Type.Object(
  { ...OffsetPageQuery, role: Type.Optional(RoleSchema), q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
)
export const UserPage = OffsetPage(ref(UserSchema))

export const UpdateUserBody = Type.Object(
  {
    email: Type.Optional(Email),
    password: Type.Optional(Password),
    current_password: Type.Optional(Type.String({ maxLength: 128 })),
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true })),
    is_active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUserInput = Static<typeof UpdateUserBody>

export const CreateUserBody = Type.Object(
  { username: Username, email: Email, password: Password, roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }) },
  { additionalProperties: false },
)
export const RolesBody = Type.Object({ roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }) }, { additionalProperties: false })
