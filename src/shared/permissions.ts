/** The roles a user can hold. @see ../shared/docs/api-contract.md §3 */
export const ROLES = ['admin', 'librarian', 'premium', 'member'] as const
export type Role = (typeof ROLES)[number]

/**
 * What each role may do beyond what any signed-in user may do with their own resources.
 * Ownership (a member's own loans, posts, profile) is checked by the services.
 */
export const ROLE_PERMISSIONS = {
  'books:write': ['admin', 'librarian'],
  'books:import': ['admin', 'librarian'],
  'tasks:manage': ['admin', 'librarian'],
  'loans:manage': ['admin', 'librarian'],
  'users:read': ['admin', 'librarian'],
  'users:manage': ['admin'],
  'posts:moderate': ['admin'],
  'admin:stats': ['admin'],
  'cache:manage': ['admin'],
  'audit:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof ROLE_PERMISSIONS

/** Whether any of `roles` grants `permission`. */
export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = ROLE_PERMISSIONS[permission]
  return roles.some((r) => allowed.includes(r))
}

/** Whether the roles make the user staff (librarian or admin). */
export function isStaff(roles: readonly string[]): boolean {
  return can(roles, 'loans:manage')
}

/** The active-loan limit of a user: 10 for premium (and staff), 5 otherwise. */
export function loanLimit(roles: readonly string[]): number {
  return roles.some((r) => r === 'premium' || r === 'librarian' || r === 'admin') ? 10 : 5
}
