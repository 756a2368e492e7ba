import { availableParallelism } from 'node:os'
import { z } from 'zod'

// Every setting the process reads, parsed once at boot. A bad value stops the
// process with the variable's name (see loadConfig), never a surprise later.
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes')

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Processes serving requests in production (node:cluster, one port); one per core by default. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** External PostgreSQL. When absent, an embedded PostgreSQL is started. */
  DATABASE_URL: z.string().url().startsWith('postgres').optional(),
  /** Where the embedded PostgreSQL keeps its data (git-ignored). */
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Public origin, e.g. https://kjdsc.liuzhou.gov.cn. Decides cookie security and link URLs. */
  PUBLIC_URL: z.string().url().optional(),
  /** Secret for signing cookies; random per data folder when not given. */
  SESSION_SECRET: z.string().min(16).optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** SMTP server, e.g. smtp://user:pass@mail.example.com:587. Without it mail lands in /dev/mailbox. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('科技大市场 <noreply@techmarket.local>'),
  MEILI_URL: z.string().url().optional(),
  /** The PostgreSQL search engine's own database; the main database when unset. */
  SEARCH_DATABASE_URL: z.string().url().startsWith('postgres').optional(),
  MEILI_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed demo data when the database is empty. */
  SEED_DEMO: boolish.default('true'),
  /** Failed logins allowed for one account from one address within the window (then that pair waits). */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  /** Failed logins allowed from one address, for any accounts, within the window. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Past this many failures for an account from all addresses, each attempt on it is slowed (never refused). */
  LOGIN_SLOW_AFTER_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  LOGIN_SLOW_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** Password-reset and sign-up mails allowed per e-mail address and per client address within the window. */
  ACCOUNT_MAIL_MAX_PER_EMAIL: z.coerce.number().int().min(1).default(3),
  ACCOUNT_MAIL_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  ACCOUNT_MAIL_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  /** How long a published achievement or need stays live before its owner must re-confirm it. */
  LISTING_TTL_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** Owners are reminded this many days before a listing expires. */
  LISTING_REMIND_DAYS: z.coerce.number().int().min(1).max(180).default(30),
  /** Where uploaded files are kept (local folder store). */
  FILES_DIR: z.string().min(1).default('.data/files'),
  /** How many claimed needs without a proposed match one technology manager may hold. */
  MATCH_MAX_OPEN_CLAIMS: z.coerce.number().int().min(1).max(1000).default(5),
  /** A claim lapses (the need is free again) when its manager proposes no match within this many days. */
  MATCH_CLAIM_LAPSE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** The daily notification digest goes out from this hour on, Asia/Shanghai (ADR 024). */
  NOTIFY_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** Bulk import caps (ADR 015): inflated size of an XLSX in all and per part, in MiB; compression ratio; data rows. */
  IMPORT_MAX_INFLATED_MB: z.coerce.number().int().min(1).max(1024).default(50),
  IMPORT_MAX_ENTRY_MB: z.coerce.number().int().min(1).max(1024).default(40),
  IMPORT_MAX_RATIO: z.coerce.number().int().min(2).max(10_000).default(100),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** 挂牌公示 (ADR 025): the shortest notice period in working days, also the form's default. */
  NOTICE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(15),
  /** How many calendar days a notice's results (成交公示) stay published. */
  NOTICE_RESULTS_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Objections (异议) one client address may lodge within the window, on all notices. */
  NOTICE_OBJECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  NOTICE_OBJECTION_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  /** 竞价保证金 (ADR 028): the platform's account bidders transfer deposits to (outside the platform; an admin matches them). */
  AUCTION_BANK_NAME: z.string().min(1).default('中国工商银行柳州分行营业部'),
  AUCTION_BANK_ACCOUNT_NAME: z.string().min(1).default('柳州市科技成果转化服务中心'),
  AUCTION_BANK_ACCOUNT: z.string().min(1).default('2105 0000 0000 0000 000'),
  /** Trust X-Forwarded-* from one proxy hop (behind nginx). */
  TRUST_PROXY: boolish.default('false'),
  /** Serve anonymous visitors' public pages from a per-process cache checked against the data version (ADR 020). */
  PAGE_CACHE: boolish.default('true'),
})

export type Config = z.infer<typeof configSchema>

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as "not set", as shells and .env files produce them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = configSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return parsed.data
}

/**
 * The origin every absolute link is built from (mails, canonical / og:url, API
 * URLs): PUBLIC_URL, or http://localhost:PORT when it is unset. Never the
 * request's Host header, which whoever sends the request chooses.
 */
export function publicOrigin(config: Pick<Config, 'PUBLIC_URL' | 'PORT'>) {
  return config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : `http://localhost:${config.PORT}`
}

export function isSecureOrigin(config: Pick<Config, 'PUBLIC_URL'>) {
  return config.PUBLIC_URL?.startsWith('https://') ?? false
}
