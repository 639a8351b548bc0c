/**
 * Types of the Library API, by openapi-typescript.
 * Generated from the OpenAPI document the app serves (GET /openapi.json). Do not edit: regenerate
 * with `npm run client:generate` at the repository root (test/client/schema-drift.test.ts fails
 * while this file is stale).
 */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process lives */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: 200 when the database (and Redis, when configured) answer, else 503 naming what failed
         * @description A 503 is a problem (`code: unavailable`) whose `checks` member names what failed.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a member account
         * @description Registration always gives the role `member`; any other field (such as `roles`) is rejected with 422.
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange username (or email) and password for a token pair */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token into a new pair
         * @description Send the refresh token as `Authorization: Bearer <refresh_token>` or as `{refresh_token}`. A refresh token is single use: a second use after the grace window revokes the whole login session; within it (default 10 s) it returns the same successor pair.
         */
        post: operations["refreshTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke this login session (its access token and refresh family) */
        post: operations["logout"];
        /** Revoke this login session (its access token and refresh family) */
        delete: operations["logoutDelete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke every token of the caller, on every device */
        post: operations["logoutAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own user */
        get: operations["me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin, librarian) */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user: full record for self, admin and librarian; public profile for anyone else */
        get: operations["getUser"];
        put?: never;
        post?: never;
        /**
         * Delete a user (self or admin); 409 while they have unreturned loans, or for the last active admin
         * @description `If-Match` is honoured as on PATCH (412 on mismatch, checked under the row lock).
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /**
         * Update a user (self or admin); roles and is_active by admin only
         * @description A user changing their own password must send `current_password` (missing → 422, wrong → 403). A password change or deactivation revokes every token of the user. `If-Match` (the ETag of `GET /users/{id}`): checked and written under the user's row lock, so of concurrent writers with one ETag exactly one wins and the rest get 412. Taking the admin role from, or deactivating, the last active admin → 409 `conflict`.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a user with roles (admin)
         * @description `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.
         */
        post: operations["adminCreateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users/{id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace the roles of a user (admin); 409 when it would leave no active admin */
        put: operations["adminSetRoles"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts of users, books, active and overdue loans (admin) */
        get: operations["adminStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/cache/invalidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drop cached responses by reference or reference glob (admin)
         * @description Examples: `{"pattern": "books"}` drops every list and search page; `{"pattern": "book:42"}` every version of book 42; `{"pattern": "book:*"}` every cached book; `{"pattern": "*"}` everything. 503 while the shared cache (Redis) is unreachable — it is then bypassed anyway, and flushed when it is back if a write was missed.
         */
        post: operations["adminInvalidateCache"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/books": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the catalog (offset pagination, filters, sort whitelist)
         * @description Answers `{items, page, per_page, total, total_pages}` and an RFC 8288 `Link` header with `first`, `prev`, `next`, `last`.
         */
        get: operations["listBooks"];
        put?: never;
        /**
         * Add a book (librarian, admin)
         * @description The ISBN (10 or 13 digits) is checked by its check digit and stored as ISBN-13; a duplicate ISBN is 409 `already_exists`.
         *
         *     `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.
         */
        post: operations["createBook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/books/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One book, with ETag and Last-Modified; If-None-Match → 304 */
        get: operations["getBook"];
        /** Replace a book (librarian, admin); honours If-Match */
        put: operations["replaceBook"];
        post?: never;
        /** Delete a book (librarian, admin); 409 while copies are on loan; honours If-Match */
        delete: operations["deleteBook"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a book (librarian, admin); JSON Merge Patch; honours If-Match
         * @description Body as `application/merge-patch+json` (RFC 7396) or `application/json`: present members replace, `null` clears an optional field.
         */
        patch: operations["patchBook"];
        trace?: never;
    };
    "/api/v1/books/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a catalog CSV as a background task (librarian, admin) → 202 with the task
         * @description The CSV — goodbooks-10k `books.csv` columns, or a `catalog_export` result — as `multipart/form-data` field `file` or as a `text/csv` body, at most `IMPORT_BODY_LIMIT` bytes (default 50 MiB; more → 413). Answers 202 `{task_id, status: "queued"}` with `Location`. The task imports all valid rows in one transaction and completes with the report `{imported, repaired, rejected, repairs, rejects, …}` (also the download of `/api/v1/tasks/{id}/result`); a file that cannot be read to its end (not UTF-8, an unclosed quote, no `title`/`authors` header) fails the task with that reason in `error` and imports nothing. An empty body or a missing `file` field → 422.
         */
        post: operations["importBooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/books": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the catalog, v2 (keyset pagination by signed cursor, filters, sort whitelist)
         * @description Answers `{items, page_size, has_more, next_cursor, _links: {self, next}}`. Follow `_links.next` (or pass `next_cursor` as `cursor` with the same `sort`, `dir` and filters): pages stay exact while books are added or removed. `sort` is title, publication_year, created_at or id (default), `dir` asc (default) or desc, `id` the tiebreak; books without a publication year come last in both directions. Sent as `application/vnd.library.v2+json` when `Accept` names that type, else as `application/json`. The path fixes the version: `Accept` / `X-API-Version` are not consulted here (see `/api/books` for that).
         */
        get: operations["listBooksV2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/books/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search of title, author and summary, best match first (v2)
         * @description Every word must match (stemmed, case- and accent-insensitive); `"a phrase"`, `-excluded` and `this or that` work as in web search. Title matches weigh most, then author, then summary. Paginated like the list, by a signed cursor bound to `q`. Nothing typed in `q` is ever read as query-language syntax. Sent as `application/vnd.library.v2+json` when `Accept` names that type, else as `application/json`. The path fixes the version: `Accept` / `X-API-Version` are not consulted here (see `/api/books` for that).
         */
        get: operations["searchBooksV2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/books/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One book, v2, with ETag and Last-Modified; If-None-Match → 304
         * @description Sent as `application/vnd.library.v2+json` when `Accept` names that type, else as `application/json`. The path fixes the version: `Accept` / `X-API-Version` are not consulted here (see `/api/books` for that).
         */
        get: operations["getBookV2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/books": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the catalog in the version asked for by header (v1: offset pages; v2: cursor pages)
         * @description v1 answers as `GET /api/v1/books` (with its `Link` pagination header), v2 as `GET /api/v2/books`. The representation is chosen by header: `Accept: application/vnd.library.v2+json` or `X-API-Version: 2` → v2; nothing → v1 (deprecated: `Deprecation`, `Sunset` when configured, `Link: rel="successor-version"`); any other version → 406 `unsupported_version`. Answers carry `API-Version` and `Vary: Accept, X-API-Version`, and are sent as `application/vnd.library.v<n>+json` when `Accept` names that type, else as `application/json`.
         */
        get: operations["listBooksNegotiated"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/books/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search, best match first, items in the version asked for by header
         * @description As `GET /api/v2/books/search`; with v1 the items are v1 books in the same cursor envelope. The representation is chosen by header: `Accept: application/vnd.library.v2+json` or `X-API-Version: 2` → v2; nothing → v1 (deprecated: `Deprecation`, `Sunset` when configured, `Link: rel="successor-version"`); any other version → 406 `unsupported_version`. Answers carry `API-Version` and `Vary: Accept, X-API-Version`, and are sent as `application/vnd.library.v<n>+json` when `Accept` names that type, else as `application/json`.
         */
        get: operations["searchBooksNegotiated"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/books/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One book in the version asked for by header, with ETag and Last-Modified; If-None-Match → 304
         * @description Each version has its own ETag. The representation is chosen by header: `Accept: application/vnd.library.v2+json` or `X-API-Version: 2` → v2; nothing → v1 (deprecated: `Deprecation`, `Sunset` when configured, `Link: rel="successor-version"`); any other version → 406 `unsupported_version`. Answers carry `API-Version` and `Vary: Accept, X-API-Version`, and are sent as `application/vnd.library.v<n>+json` when `Accept` names that type, else as `application/json`.
         */
        get: operations["getBookNegotiated"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/loans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List loans: your own; staff see everyone’s (filters user_id, status)
         * @description Newest first. Answers `{items, page, per_page, total, total_pages}` and an RFC 8288 `Link` header with `first`, `prev`, `next`, `last`. A member may pass only their own `user_id` (another → 403); for staff an unknown `user_id` is an empty page.
         */
        get: operations["listLoans"];
        put?: never;
        /**
         * Borrow a copy of a book (for yourself; staff may give user_id)
         * @description Due in 14 days (`LOAN_PERIOD_DAYS`). One transaction: the borrower is locked, then the book (404), the loan limit (member 5, premium and staff 10 unreturned loans, overdue included → 409 `loan_limit_reached`), a loan of the same book still out (409 `conflict`) and a free copy (409 `not_available`) are checked in that order; two requests for the last copy never both win. A member naming another `user_id` → 403; an unknown `user_id` → 404; a deactivated borrower → 409 `conflict`.
         *
         *     `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.
         */
        post: operations["borrowBook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/loans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One loan (its borrower or staff; anyone else 404), with ETag; If-None-Match → 304 */
        get: operations["getLoan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/loans/{id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return a loan (its borrower or staff; anyone else 404); 409 when already returned
         * @description The copy is back in `copies_available` of the book in the same transaction.
         */
        post: operations["returnLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/loans/{id}/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Renew a loan: due date + 14 days, at most 2 renewals (its borrower or staff; anyone else 404)
         * @description 409 `conflict` when the loan is returned, overdue, or already renewed twice.
         */
        post: operations["renewLoan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/loans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One user’s loans (the user themself or staff; another member → 403)
         * @description Newest first, filter `status`; offset pagination with an RFC 8288 `Link` header. An unknown user → 404 (for staff; others get 403 first).
         */
        get: operations["listUserLoans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List published posts, newest first; `published=false`: your own drafts
         * @description Answers `{items, page, per_page, total, total_pages}` and an RFC 8288 `Link` header (`first`, `prev`, `next`, `last`). Without `published` (or `published=true`): every published post, `Cache-Control: public, max-age=60`. With `published=false`: only the caller’s own drafts (for admins too), `Cache-Control: private, no-store`; an anonymous caller gets 401 `token_missing` rather than a misleading empty list.
         */
        get: operations["listPosts"];
        put?: never;
        /**
         * Write a post (any signed-in user); the author is the caller
         * @description `published` defaults to `false`: a new post is a draft until its author publishes it. The author is always the caller; `author`, `author_id` or any other unknown member is a 422.
         *
         *     `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header): see the header. A replay carries `Idempotent-Replayed: true`.
         */
        post: operations["createPost"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/posts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One post, with ETag; If-None-Match → 304; a draft is 404 to all but its author and admins
         * @description A published post is `Cache-Control: public, max-age=60`; a draft `private, no-store`.
         */
        get: operations["getPost"];
        /**
         * Replace a post (author only); honours If-Match
         * @description All of `title`, `content` and `published` are required. Anyone but the author gets 403 (admins too: they may delete, not edit); a draft of someone else is 404 to non-admins, its existence being hidden.
         */
        put: operations["replacePost"];
        post?: never;
        /**
         * Delete a post (author or admin); honours If-Match
         * @description Anyone else gets 403; a draft of someone else is 404 to non-admins.
         */
        delete: operations["deletePost"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a post (author only); JSON Merge Patch; honours If-Match
         * @description Body as `application/merge-patch+json` (RFC 7396) or `application/json`: present members replace; no member is nullable; `{}` changes nothing. Anyone but the author gets 403 (admins too); a draft of someone else is 404 to non-admins.
         */
        patch: operations["patchPost"];
        trace?: never;
    };
    "/api/v1/users/{id}/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user’s published posts, newest first; `published=false`: their drafts (self or admin)
         * @description Offset-paginated like `GET /api/v1/posts`, with a `Link` header. `published=false` lists the drafts only (not drafts and published together), to the user themself or an admin: anonymous → 401 `token_missing`, anyone else → 403 `forbidden`. Unknown user → 404. Published lists are `Cache-Control: public, max-age=60`; drafts `private, no-store`.
         */
        get: operations["listUserPosts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rate-limit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's rate-limit policy and what is left of each window
         * @description Counted per user with a valid access token (by the user's highest role), else per client IP. This request itself is not counted and never refused with 429. The `RateLimit-*` fields of the response describe the window closest to exhaustion. The login and register policies show in the `RateLimit-*` fields of those routes.
         */
        get: operations["getRateLimit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tasks, newest first (staff), filters status and type
         * @description Offset pagination `{items, page, per_page, total, total_pages}` with an RFC 8288 `Link` header.
         */
        get: operations["listTasks"];
        put?: never;
        /**
         * Queue a background task (staff): catalog_export, books_import, overdue_scan, token_cleanup
         * @description Answers 202 `{task_id, status: "queued"}` with `Location`; poll the task until `completed` or `failed`, then download `/result`. Params by type: `catalog_export` takes the list filters `author`, `genre`, `language`, `year` (all optional); `books_import` takes `csv` (the CSV text, within the 1 MiB JSON body limit — larger files go to `POST /api/v1/books/import`); `overdue_scan` and `token_cleanup` take none. An unknown type or a bad param → 422 naming `type` or `params.<field>`.
         */
        post: operations["createTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One task: status, progress, result or error (staff), with ETag; If-None-Match → 304
         * @description `progress` moves at least once a second while a long task runs. Readable from any instance.
         */
        get: operations["getTask"];
        put?: never;
        post?: never;
        /**
         * Cancel a queued or running task (staff); 409 when it already finished
         * @description Answers the task, `cancelled`. A running task stops at its next heartbeat (within half a second) and what it was writing is rolled back.
         */
        delete: operations["cancelTask"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a completed task’s output (staff): the CSV of an export, the JSON report of an import
         * @description With its media type and `Content-Disposition: attachment`. 409 `conflict` while the task is not completed; 404 `not_found` once the result expired (`TASK_RESULT_TTL`, default 7 days).
         */
        get: operations["getTaskResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description RFC 9457 problem details
         * @example {
         *       "type": "/docs/problems#validation-error",
         *       "title": "Validation failed",
         *       "status": 422,
         *       "detail": "1 field is invalid",
         *       "code": "validation_error",
         *       "instance": "/api/v1/books",
         *       "request_id": "5f0c1a8e-6c4e-4d7b-9a43-1d2f3e4a5b6c",
         *       "errors": [
         *         {
         *           "field": "title",
         *           "message": "must NOT have fewer than 1 characters"
         *         }
         *       ]
         *     }
         */
        Problem: {
            /** @description URI reference to the documentation of this problem */
            type: string;
            title: string;
            status: number;
            detail?: string;
            /**
             * @description stable machine-readable code; see /docs/problems
             * @enum {string}
             */
            code: "bad_request" | "invalid_json" | "invalid_cursor" | "invalid_sort" | "token_missing" | "token_invalid" | "token_expired" | "token_revoked" | "invalid_credentials" | "forbidden" | "csrf_invalid" | "not_found" | "method_not_allowed" | "unsupported_version" | "not_acceptable" | "request_timeout" | "conflict" | "already_exists" | "not_available" | "loan_limit_reached" | "idempotency_in_flight" | "precondition_failed" | "payload_too_large" | "uri_too_long" | "unsupported_media_type" | "expectation_failed" | "validation_error" | "idempotency_key_mismatch" | "rate_limited" | "headers_too_large" | "internal_error" | "unavailable";
            instance?: string;
            request_id: string;
            errors?: {
                field: string;
                message: string;
            }[];
            /** @description seconds */
            retry_after?: number;
            /** @description readiness: the state of each dependency */
            checks?: {
                [key: string]: string;
            };
        };
        /**
         * @example {
         *       "id": 7,
         *       "username": "ada_l",
         *       "email": "ada@example.org",
         *       "roles": [
         *         "member"
         *       ],
         *       "is_active": true,
         *       "created_at": "2026-11-21T10:00:00.000Z",
         *       "updated_at": "2026-11-21T10:00:00.000Z"
         *     }
         */
        User: {
            id: number;
            username: string;
            email: string;
            roles: string[];
            is_active: boolean;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            updated_at: string;
        };
        PublicUser: {
            id: number;
            username: string;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            created_at: string;
        };
        TokenPair: {
            /** @description JWT, HS256; send as `Authorization: Bearer …` */
            access_token: string;
            /** @description JWT; single use, rotated by POST /auth/refresh */
            refresh_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /** @description seconds until the access token expires */
            expires_in: number;
        };
        LoginResponse: {
            /** @description JWT, HS256; send as `Authorization: Bearer …` */
            access_token: string;
            /** @description JWT; single use, rotated by POST /auth/refresh */
            refresh_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /** @description seconds until the access token expires */
            expires_in: number;
            user: components["schemas"]["User"];
        };
        Stats: {
            users: number;
            books: number;
            /** @description unreturned loans, overdue included */
            loans_active: number;
            loans_overdue: number;
        };
        /**
         * @example {
         *       "id": 7,
         *       "title": "The Hobbit",
         *       "author": "J.R.R. Tolkien",
         *       "isbn": "9780618260300",
         *       "publication_year": 1937,
         *       "publisher": null,
         *       "language": "en",
         *       "summary": null,
         *       "genres": [],
         *       "copies_total": 3,
         *       "copies_available": 2,
         *       "created_at": "2026-11-21T10:00:00.000Z",
         *       "updated_at": "2026-11-21T10:00:00.000Z"
         *     }
         */
        Book: {
            id: number;
            title: string;
            author: string;
            isbn: null | string;
            publication_year: null | number;
            publisher: null | string;
            language: null | string;
            summary: null | string;
            genres: string[];
            copies_total: number;
            /** @description exact at every moment: copies not on loan */
            copies_available: number;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            updated_at: string;
        };
        /**
         * @example {
         *       "id": 7,
         *       "title": "The Hobbit",
         *       "author": {
         *         "name": "J.R.R. Tolkien",
         *         "bio": null
         *       },
         *       "publication": {
         *         "year": 1937,
         *         "publisher": null,
         *         "isbn": "9780618260300"
         *       },
         *       "language": "en",
         *       "summary": null,
         *       "genres": [
         *         "fantasy"
         *       ],
         *       "availability": {
         *         "total": 3,
         *         "available": 2
         *       },
         *       "_links": {
         *         "self": {
         *           "href": "/api/v2/books/7"
         *         },
         *         "loans": {
         *           "href": "/api/v1/loans",
         *           "title": "borrow a copy: POST {\"book_id\": 7}"
         *         },
         *         "collection": {
         *           "href": "/api/v2/books"
         *         }
         *       }
         *     }
         */
        BookV2: {
            id: number;
            title: string;
            author: {
                name: string;
                bio: null | string;
            };
            publication: {
                year: null | number;
                publisher: null | string;
                isbn: null | string;
            };
            language: null | string;
            summary: null | string;
            genres: string[];
            availability: {
                /** @description copies the library owns */
                total: number;
                /** @description exact at every moment: copies not on loan */
                available: number;
            };
            _links: {
                self: {
                    /**
                     * @description a path relative to the API root
                     * @example /api/v2/books/7
                     */
                    href: string;
                    /** @description what following the link does */
                    title?: string;
                };
                /** @description where to borrow a copy: `POST {"book_id": <id>}` signed in */
                loans: {
                    href: string;
                    title?: string;
                };
                collection: {
                    /**
                     * @description a path relative to the API root
                     * @example /api/v2/books/7
                     */
                    href: string;
                    /** @description what following the link does */
                    title?: string;
                };
            };
        };
        /**
         * @description a page of v2 books, keyset-paginated by an opaque signed cursor
         * @example {
         *       "items": [
         *         {
         *           "id": 7,
         *           "title": "The Hobbit",
         *           "author": {
         *             "name": "J.R.R. Tolkien",
         *             "bio": null
         *           },
         *           "publication": {
         *             "year": 1937,
         *             "publisher": null,
         *             "isbn": "9780618260300"
         *           },
         *           "language": "en",
         *           "summary": null,
         *           "genres": [
         *             "fantasy"
         *           ],
         *           "availability": {
         *             "total": 3,
         *             "available": 2
         *           },
         *           "_links": {
         *             "self": {
         *               "href": "/api/v2/books/7"
         *             },
         *             "loans": {
         *               "href": "/api/v1/loans",
         *               "title": "borrow a copy: POST {\"book_id\": 7}"
         *             },
         *             "collection": {
         *               "href": "/api/v2/books"
         *             }
         *           }
         *         }
         *       ],
         *       "page_size": 1,
         *       "has_more": true,
         *       "next_cursor": "eyJ2IjoxLCJrIjoibGlzdCIsInMiOiJ0aXRsZSIsImQiOiJhc2MiLCJmIjp7fSwiYSI6WyJUaGUgSG9iYml0Iiw3XX0.3q2-7w",
         *       "_links": {
         *         "self": {
         *           "href": "/api/v2/books?limit=1&sort=title"
         *         },
         *         "next": {
         *           "href": "/api/v2/books?limit=1&sort=title&cursor=eyJ2IjoxLCJrIjoibGlzdCIsInMiOiJ0aXRsZSIsImQiOiJhc2MiLCJmIjp7fSwiYSI6WyJUaGUgSG9iYml0Iiw3XX0.3q2-7w"
         *         }
         *       }
         *     }
         */
        BookV2Page: {
            items: components["schemas"]["BookV2"][];
            /** @description the `limit` in effect: at most this many items per page */
            page_size: number;
            /** @description whether `next_cursor` leads to more items */
            has_more: boolean;
            next_cursor: null | string;
            _links: {
                self: {
                    /**
                     * @description a path relative to the API root
                     * @example /api/v2/books/7
                     */
                    href: string;
                    /** @description what following the link does */
                    title?: string;
                };
                next: null | {
                    /**
                     * @description a path relative to the API root
                     * @example /api/v2/books/7
                     */
                    href: string;
                    /** @description what following the link does */
                    title?: string;
                };
            };
        };
        /**
         * @example {
         *       "id": 42,
         *       "book_id": 7,
         *       "user_id": 3,
         *       "borrowed_at": "2026-11-21T10:00:00.000Z",
         *       "due_at": "2026-12-05T10:00:00.000Z",
         *       "returned_at": null,
         *       "renewals": 0,
         *       "status": "active"
         *     }
         * @example {
         *       "id": 41,
         *       "book_id": 9,
         *       "user_id": 3,
         *       "borrowed_at": "2026-10-01T09:30:00.000Z",
         *       "due_at": "2026-10-29T09:30:00.000Z",
         *       "returned_at": "2026-10-20T16:05:00.000Z",
         *       "renewals": 1,
         *       "status": "returned"
         *     }
         */
        Loan: {
            id: number;
            book_id: number;
            /** @description the borrower */
            user_id: number;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            borrowed_at: string;
            /**
             * Format: date-time
             * @description when the copy is due back: borrowed_at (or the previous due date, on renewal) + the loan period (14 days by default)
             * @example 2026-12-05T10:00:00.000Z
             */
            due_at: string;
            /** @description null while the copy is out */
            returned_at: string | null;
            /** @description renewals so far (at most 2) */
            renewals: number;
            /**
             * @description `returned` when `returned_at` is set; `overdue` when `due_at` is in the past; else `active`
             * @enum {unknown}
             */
            status: "active" | "returned" | "overdue";
        };
        /**
         * @example {
         *       "id": 12,
         *       "title": "New arrivals this week",
         *       "content": "Twelve new titles are on the shelves, among them a new edition of The Hobbit.",
         *       "published": true,
         *       "author": {
         *         "id": 3,
         *         "username": "ada_l"
         *       },
         *       "created_at": "2026-11-21T10:00:00.000Z",
         *       "updated_at": "2026-11-21T10:00:00.000Z"
         *     }
         */
        Post: {
            id: number;
            title: string;
            content: string;
            /** @description `false`: a draft, 404 to everyone but its author and admins */
            published: boolean;
            /** @description the user who wrote the post */
            author: {
                id: number;
                username: string;
            };
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            updated_at: string;
        };
        /**
         * @example {
         *       "id": 42,
         *       "type": "catalog_export",
         *       "status": "completed",
         *       "progress": {
         *         "done": 10000,
         *         "total": 10000
         *       },
         *       "params": {
         *         "language": "en"
         *       },
         *       "result": {
         *         "rows": 10000,
         *         "bytes": 1622016,
         *         "media_type": "text/csv; charset=utf-8",
         *         "filename": "catalog-42.csv"
         *       },
         *       "error": null,
         *       "attempts": 1,
         *       "created_by": 1,
         *       "created_at": "2026-12-05T10:00:00.000Z",
         *       "started_at": "2026-12-05T10:00:00.020Z",
         *       "finished_at": "2026-12-05T10:00:00.410Z"
         *     }
         */
        Task: {
            id: number;
            /** @enum {string} */
            type: "catalog_export" | "books_import" | "overdue_scan" | "token_cleanup";
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed" | "cancelled";
            /** @description units of work done and expected (rows for an import or export); `total` null while unknown */
            progress: {
                done: number;
                total: number | null;
            };
            /** @description as created; a `books_import` shows `{source, filename, bytes}` instead of the CSV */
            params: {
                [key: string]: unknown;
            };
            /** @description null until completed; the import report, the export summary, or the counts of a scan or cleanup */
            result: unknown;
            error: string | null;
            /** @description attempts started so far */
            attempts: number;
            created_by: number | null;
            /**
             * Format: date-time
             * @example 2026-11-21T10:00:00.000Z
             */
            created_at: string;
            started_at: string | null;
            finished_at: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @example ok */
                        status: string;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        checks: {
                            [key: string]: "ok";
                        };
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example ada_l */
                    username: string;
                    /**
                     * Format: email
                     * @example ada@example.org
                     */
                    email: string;
                    /**
                     * @description 8–128 characters with an upper-case letter, a lower-case letter, a digit and a symbol
                     * @example Correct-Horse-9
                     */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description username or email
                     * @example ada_l
                     */
                    username: string;
                    /** @example Correct-Horse-9 */
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResponse"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refresh_token?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logoutDelete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logoutAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Service unavailable (`unavailable`): not ready, shutting down, or — on /api/v1/auth/* — the shared rate-limit store is unreachable. Retry after `Retry-After` seconds when given. */
            503: {
                headers: {
                    /** @description seconds to wait, when known */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                /** @description a role */
                role?: "admin" | "librarian" | "premium" | "member";
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"] | components["schemas"]["PublicUser"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @example ada@example.org
                     */
                    email?: string;
                    /**
                     * @description 8–128 characters with an upper-case letter, a lower-case letter, a digit and a symbol
                     * @example Correct-Horse-9
                     */
                    password?: string;
                    current_password?: string;
                    roles?: ("admin" | "librarian" | "premium" | "member")[];
                    is_active?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"] | components["schemas"]["PublicUser"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminCreateUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 `idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.
                 * @example 4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example ada_l */
                    username: string;
                    /**
                     * Format: email
                     * @example ada@example.org
                     */
                    email: string;
                    /**
                     * @description 8–128 characters with an upper-case letter, a lower-case letter, a digit and a symbol
                     * @example Correct-Horse-9
                     */
                    password: string;
                    roles: ("admin" | "librarian" | "premium" | "member")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    /** @description present on a replay of the stored response of an earlier request with the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: "true";
                    /** @description the created resource */
                    Location?: string;
                    /** @description the ETag of the created resource */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminSetRoles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    roles: ("admin" | "librarian" | "premium" | "member")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminInvalidateCache: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A cache reference, or a glob over reference names where `*` matches any characters. References: `books` — every catalog list and search page (all versions); `book:<id>` — every representation of one book (v1, v2, version-neutral paths). Letters, digits, `_ . : -` and `*` only; anything else → 422.
                     * @example books
                     * @example book:42
                     * @example book:*
                     * @example *
                     */
                    pattern: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description cached responses dropped, on every instance (0 when the cache is off) */
                        invalidated: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBooks: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                /** @description case-insensitive substring of the author */
                author?: string;
                /** @description exact genre, case-insensitive */
                genre?: string;
                /** @description publication year */
                year?: number;
                language?: string;
                /** @description one of title, publication_year, created_at, id (default id); anything else → 400 invalid_sort */
                sort?: string;
                /** @description `asc` (default) or `desc`; anything else → 400 invalid_sort */
                dir?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Book"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBook: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 `idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.
                 * @example 4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)
                     * @example The Hobbit
                     */
                    title: string;
                    /**
                     * @description not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)
                     * @example J.R.R. Tolkien
                     */
                    author: string;
                    isbn?: null | string;
                    publication_year?: null | number;
                    publisher?: null | string;
                    language?: null | string;
                    summary?: null | string;
                    /**
                     * @example [
                     *       "fantasy"
                     *     ]
                     */
                    genres?: string[];
                    /** @description copies the library owns */
                    copies_total?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    /** @description present on a replay of the stored response of an earlier request with the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: "true";
                    /** @description the created resource */
                    Location?: string;
                    /** @description the ETag of the created resource */
                    ETag?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Book"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Book"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceBook: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)
                     * @example The Hobbit
                     */
                    title: string;
                    /**
                     * @description not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)
                     * @example J.R.R. Tolkien
                     */
                    author: string;
                    isbn?: null | string;
                    publication_year?: null | number;
                    publisher?: null | string;
                    language?: null | string;
                    summary?: null | string;
                    /**
                     * @example [
                     *       "fantasy"
                     *     ]
                     */
                    genres?: string[];
                    /** @description copies the library owns */
                    copies_total?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Book"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteBook: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchBook: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)
                     * @example The Hobbit
                     */
                    title?: string;
                    /**
                     * @description not blank (at least one character that is not white space, a control or a format character); stored trimmed of leading and trailing white space, otherwise exactly as sent (no Unicode normalisation)
                     * @example J.R.R. Tolkien
                     */
                    author?: string;
                    isbn?: null | string;
                    publication_year?: null | number;
                    publisher?: null | string;
                    language?: null | string;
                    summary?: null | string;
                    /**
                     * @example [
                     *       "fantasy"
                     *     ]
                     */
                    genres?: string[];
                    /** @description copies the library owns */
                    copies_total?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Book"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importBooks: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 `idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.
                 * @example 4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description the CSV file
                     */
                    file: string;
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description queued; poll `Location` */
            202: {
                headers: {
                    /** @description the task: `/api/v1/tasks/{id}` */
                    Location?: string;
                    /** @description present on a replay of an earlier request with the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "task_id": 42,
                     *       "status": "queued"
                     *     }
                     */
                    "application/json": {
                        task_id: number;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed" | "cancelled";
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBooksV2: {
        parameters: {
            query: {
                /** @description items per page, 1–100 (else 422) */
                limit: number;
                /** @description `next_cursor` of the previous page; tampered, truncated, or used with other parameters → 400 `invalid_cursor` */
                cursor?: string;
                /**
                 * @description case-insensitive substring of the author
                 * @example tolkien
                 */
                author?: string;
                /** @description exact genre, case-insensitive */
                genre?: string;
                /** @description publication year */
                year?: number;
                language?: string;
                /**
                 * @description one of title, publication_year, created_at, id (default id), with id as the tiebreak; `publication_year` puts books without a year last in both directions; anything else → 400 invalid_sort
                 * @example title
                 */
                sort?: string;
                /** @description `asc` (default) or `desc`; anything else → 400 invalid_sort */
                dir?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of books */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookV2Page"];
                    "application/vnd.library.v2+json": components["schemas"]["BookV2Page"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchBooksV2: {
        parameters: {
            query: {
                /**
                 * @description words to find in title, author and summary (all of them; stemmed: `wizards` finds `wizard`). Web-search syntax: `"a phrase"`, `-excluded`, `this or that`; every other character is a separator, never query syntax.
                 * @example harry potter
                 */
                q: string;
                /** @description items per page, 1–100 (else 422) */
                limit: number;
                /** @description `next_cursor` of the previous page; tampered, truncated, or used with other parameters → 400 `invalid_cursor` */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of matching books, best first */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookV2Page"];
                    "application/vnd.library.v2+json": components["schemas"]["BookV2Page"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBookV2: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the book */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookV2"];
                    "application/vnd.library.v2+json": components["schemas"]["BookV2"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBooksNegotiated: {
        parameters: {
            query?: {
                /** @description v1 only (default 1); 422 on v2 */
                page?: number;
                /** @description v1 only: 1–100 (default 20); 422 on v2 */
                per_page?: number;
                /** @description v2 only: 1–100 (default 20); 422 on v1 */
                limit?: number;
                /** @description v2 only: `next_cursor` of the previous page; 422 on v1 */
                cursor?: string;
                /**
                 * @description case-insensitive substring of the author
                 * @example tolkien
                 */
                author?: string;
                /** @description exact genre, case-insensitive */
                genre?: string;
                /** @description publication year */
                year?: number;
                language?: string;
                /**
                 * @description one of title, publication_year, created_at, id (default id), with id as the tiebreak; `publication_year` puts books without a year last in both directions; anything else → 400 invalid_sort
                 * @example title
                 */
                sort?: string;
                /** @description `asc` (default) or `desc`; anything else → 400 invalid_sort */
                dir?: string;
            };
            header?: {
                /**
                 * @description `1` or `2`; wins over `Accept`. Any other value → 406 `unsupported_version`
                 * @example 2
                 */
                "x-api-version"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of books in the negotiated version */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Book"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    } | components["schemas"]["BookV2Page"];
                    "application/vnd.library.v1+json": {
                        items: components["schemas"]["Book"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                    "application/vnd.library.v2+json": components["schemas"]["BookV2Page"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            406: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchBooksNegotiated: {
        parameters: {
            query: {
                /**
                 * @description words to find in title, author and summary (all of them; stemmed: `wizards` finds `wizard`). Web-search syntax: `"a phrase"`, `-excluded`, `this or that`; every other character is a separator, never query syntax.
                 * @example harry potter
                 */
                q: string;
                /** @description items per page, 1–100 (else 422) */
                limit: number;
                /** @description `next_cursor` of the previous page; tampered, truncated, or used with other parameters → 400 `invalid_cursor` */
                cursor?: string;
            };
            header?: {
                /**
                 * @description `1` or `2`; wins over `Accept`. Any other value → 406 `unsupported_version`
                 * @example 2
                 */
                "x-api-version"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of matching books, best first */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Book"][];
                        /** @description the `limit` in effect: at most this many items per page */
                        page_size: number;
                        /** @description whether `next_cursor` leads to more items */
                        has_more: boolean;
                        next_cursor: null | string;
                        _links: {
                            self: {
                                /**
                                 * @description a path relative to the API root
                                 * @example /api/v2/books/7
                                 */
                                href: string;
                                /** @description what following the link does */
                                title?: string;
                            };
                            next: null | {
                                /**
                                 * @description a path relative to the API root
                                 * @example /api/v2/books/7
                                 */
                                href: string;
                                /** @description what following the link does */
                                title?: string;
                            };
                        };
                    } | components["schemas"]["BookV2Page"];
                    "application/vnd.library.v1+json": {
                        items: components["schemas"]["Book"][];
                        /** @description the `limit` in effect: at most this many items per page */
                        page_size: number;
                        /** @description whether `next_cursor` leads to more items */
                        has_more: boolean;
                        next_cursor: null | string;
                        _links: {
                            self: {
                                /**
                                 * @description a path relative to the API root
                                 * @example /api/v2/books/7
                                 */
                                href: string;
                                /** @description what following the link does */
                                title?: string;
                            };
                            next: null | {
                                /**
                                 * @description a path relative to the API root
                                 * @example /api/v2/books/7
                                 */
                                href: string;
                                /** @description what following the link does */
                                title?: string;
                            };
                        };
                    };
                    "application/vnd.library.v2+json": components["schemas"]["BookV2Page"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            406: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBookNegotiated: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description `1` or `2`; wins over `Accept`. Any other value → 406 `unsupported_version`
                 * @example 2
                 */
                "x-api-version"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the book in the negotiated version */
            200: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Book"] | components["schemas"]["BookV2"];
                    "application/vnd.library.v1+json": components["schemas"]["Book"];
                    "application/vnd.library.v2+json": components["schemas"]["BookV2"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    /** @description Server-side response cache: `HIT` answered from the cache (or from an identical request computed at the same moment), `MISS` computed now. Absent when the cache is off or unreachable. */
                    "X-Cache"?: "HIT" | "MISS";
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    /** @description RFC 8288: on v1 reads, `rel="successor-version"` naming the same resource in v2, after any pagination links (`first`, `prev`, `next`, `last`) */
                    Link?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            406: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    /** @description the representation version of this answer (absent on 406 `unsupported_version`) */
                    "API-Version"?: "1" | "2";
                    /** @description `Accept, X-API-Version`: the answer depends on them */
                    Vary?: string;
                    /** @description RFC 9745 structured date: API v1 is (or will be) deprecated at that instant; v1 answers only */
                    Deprecation?: string;
                    /** @description RFC 8594 HTTP-date after which API v1 may stop answering; v1 answers only, when configured */
                    Sunset?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLoans: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                /** @description only this borrower; staff, or a member naming themself (anything else → 403) */
                user_id?: number;
                /** @description only loans in this state */
                status?: "active" | "returned" | "overdue";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Loan"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    borrowBook: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 `idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.
                 * @example 4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "book_id": 7
                 *     }
                 */
                "application/json": {
                    /**
                     * @description the book to borrow
                     * @example 7
                     */
                    book_id: number;
                    /** @description the borrower; staff (librarian, admin) only — a member may leave it out or give their own id (anything else → 403) */
                    user_id?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    /** @description present on a replay of the stored response of an earlier request with the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: "true";
                    /** @description the created resource */
                    Location?: string;
                    /** @description the ETag of the created resource */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLoan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    returnLoan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    renewLoan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loan"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUserLoans: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                /** @description only loans in this state */
                status?: "active" | "returned" | "overdue";
            };
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Loan"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPosts: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                /** @description `true` (default): published posts of every author. `false`: the caller’s own drafts only (admins too see only their own here); needs an access token, else 401 `token_missing`. */
                published?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Post"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPost: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 `idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.
                 * @example 4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 5–200 characters, at least 5 once leading and trailing white space is trimmed (it is stored trimmed, otherwise exactly as sent), not only white space, control or format characters
                     * @example New arrivals this week
                     */
                    title: string;
                    /**
                     * @description 1–20,000 characters
                     * @example Twelve new titles are on the shelves, among them…
                     */
                    content: string;
                    /**
                     * @description `true`: visible to everyone; `false`: a draft only its author (and an admin) can see. Default `false`: publishing is an explicit act.
                     * @default false
                     */
                    published?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    /** @description present on a replay of the stored response of an earlier request with the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: "true";
                    /** @description the created resource */
                    Location?: string;
                    /** @description the ETag of the created resource */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Post"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPost: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Post"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replacePost: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 5–200 characters, at least 5 once leading and trailing white space is trimmed (it is stored trimmed, otherwise exactly as sent), not only white space, control or format characters
                     * @example New arrivals this week
                     */
                    title: string;
                    /**
                     * @description 1–20,000 characters
                     * @example Twelve new titles are on the shelves, among them…
                     */
                    content: string;
                    /**
                     * @description `true`: visible to everyone; `false`: a draft only its author (and an admin) can see
                     * @example true
                     */
                    published: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Post"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePost: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchPost: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag from a GET; 412 when it no longer matches */
                "if-match"?: string;
            };
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description 5–200 characters, at least 5 once leading and trailing white space is trimmed (it is stored trimmed, otherwise exactly as sent), not only white space, control or format characters
                     * @example New arrivals this week
                     */
                    title?: string;
                    /**
                     * @description 1–20,000 characters
                     * @example Twelve new titles are on the shelves, among them…
                     */
                    content?: string;
                    /**
                     * @description `true`: visible to everyone; `false`: a draft only its author (and an admin) can see
                     * @example true
                     */
                    published?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Post"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUserPosts: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                /** @description `true` (default): the user’s published posts, to anyone. `false`: the user’s drafts only, to the user themself or an admin; anonymous → 401 `token_missing`, anyone else → 403 `forbidden`. */
                published?: boolean;
            };
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Post"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRateLimit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "key_type": "ip",
                     *       "policies": [
                     *         {
                     *           "name": "anonymous",
                     *           "limit": 60,
                     *           "window_seconds": 60,
                     *           "remaining": 57,
                     *           "reset_seconds": 42
                     *         },
                     *         {
                     *           "name": "anonymous",
                     *           "limit": 2000,
                     *           "window_seconds": 86400,
                     *           "remaining": 1990,
                     *           "reset_seconds": 80000
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @description `user` with a valid access token, else `ip` */
                        key_type: "user" | "ip";
                        /** @description every window of the caller's policy, shortest first */
                        policies: {
                            /**
                             * @description the policy: `anonymous`, `member`, `premium` or `staff`
                             * @example anonymous
                             */
                            name: string;
                            /**
                             * @description requests allowed per window
                             * @example 60
                             */
                            limit: number;
                            /**
                             * @description window length, seconds
                             * @example 60
                             */
                            window_seconds: number;
                            /**
                             * @description requests left in the current window
                             * @example 57
                             */
                            remaining: number;
                            /**
                             * @description seconds until the window starts afresh (its full length when none is open)
                             * @example 42
                             */
                            reset_seconds: number;
                        }[];
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query: {
                page: number;
                per_page: number;
                status?: "queued" | "running" | "completed" | "failed" | "cancelled";
                type?: "catalog_export" | "books_import" | "overdue_scan" | "token_cleanup";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Task"][];
                        page: number;
                        per_page: number;
                        total: number;
                        total_pages: number;
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTask: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Optional; 1–255 printable ASCII characters (else 422), unique per request of this user and operation (a UUID is a good choice; the same key sent to two different operations names two requests). Kept 24 h. A repeat with the same key and body answers the stored response (status, body, `Location`, `ETag`) with `Idempotent-Replayed: true`; the same key with another body → 422 `idempotency_key_mismatch`; a repeat while the first is in flight → 409 `idempotency_in_flight` with `Retry-After`. Stored outcomes: the 201 and every 4xx problem decided from the data (403, 404, 409) — a repeat replays them (send a new key to try again); a 422 `validation_error` and an unexpected (5xx) failure store nothing, so a retry with the same key runs again.
                 * @example 4f7c2a9e-0c1b-4bfa-9a57-2d1e8f3c6b10
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description the task type
                     * @enum {string}
                     */
                    type: "catalog_export" | "books_import" | "overdue_scan" | "token_cleanup";
                    /** @description per type: see the body schema; `{}` when omitted */
                    params?: {
                        [key: string]: unknown;
                    };
                } & (unknown & unknown & unknown & unknown);
            };
        };
        responses: {
            /** @description queued; poll `Location` */
            202: {
                headers: {
                    /** @description the task: `/api/v1/tasks/{id}` */
                    Location?: string;
                    /** @description present on a replay of an earlier request with the same `Idempotency-Key` */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "task_id": 42,
                     *       "status": "queued"
                     *     }
                     */
                    "application/json": {
                        task_id: number;
                        /** @enum {string} */
                        status: "queued" | "running" | "completed" | "failed" | "cancelled";
                    };
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTaskResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description resource id */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the output */
            200: {
                headers: {
                    /** @description `attachment; filename="…"` */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/json": unknown;
                };
            };
            /** @description RFC 9457 problem details */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            417: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (`rate_limited`): a rate-limit window is used up. Wait `Retry-After` seconds (also `retry_after` in the body). */
            429: {
                headers: {
                    /** @description seconds to wait (RFC 9110 §10.2.3) */
                    "Retry-After"?: number;
                    /** @description requests allowed in the policy window closest to exhaustion (draft-ietf-httpapi-ratelimit-headers-06) */
                    "RateLimit-Limit"?: number;
                    /** @description requests left in that window */
                    "RateLimit-Remaining"?: number;
                    /** @description seconds until that window starts afresh */
                    "RateLimit-Reset"?: number;
                    /** @description every window that applies, e.g. `60;w=60, 2000;w=86400` */
                    "RateLimit-Policy"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description RFC 9457 problem details */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": components["schemas"]["Problem"];
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
