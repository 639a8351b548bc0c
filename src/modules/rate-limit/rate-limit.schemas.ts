import { Type } from 'typebox'

/** One window of one of the caller's policies and what is left of it. */
export const RateLimitWindowState = Type.Object(
  {
    name: Type.String({ description: 'the policy: `anonymous`, `member`, `premium` or `staff`', examples: ['anonymous'] }),
    limit: Type.Integer({ minimum: 1, description: 'requests allowed per window', examples: [60] }),
    window_seconds: Type.Integer({ minimum: 1, description: 'window length, seconds', examples: [60] }),
    remaining: Type.Integer({ minimum: 0, description: 'requests left in the current window', examples: [57] }),
    reset_seconds: Type.Integer({ minimum: 0, description: 'seconds until the window starts afresh (its full length when none is open)', examples: [42] }),
  },
  { additionalProperties: false },
)

/** `GET /api/v1/rate-limit`: who the caller is counted as and what is left of each window. */
export const RateLimitStatus = Type.Object(
  {
    key_type: Type.Union([Type.Literal('user'), Type.Literal('ip')], { description: '`user` with a valid access token, else `ip`' }),
    policies: Type.Array(RateLimitWindowState, { description: 'every window of the caller\'s policy, shortest first' }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        key_type: 'ip',
        policies: [
          { name: 'anonymous', limit: 60, window_seconds: 60, remaining: 57, reset_seconds: 42 },
          { name: 'anonymous', limit: 2000, window_seconds: 86400, remaining: 1990, reset_seconds: 80000 },
        ],
      },
    ],
  },
)
