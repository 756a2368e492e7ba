import { describe, expect, it } from 'vitest'
import { ConfigError, isSecureOrigin, loadConfig } from '../../server/platform/config'

function configError(env: Record<string, string | undefined>) {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('has sensible defaults for an empty environment', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      NODE_ENV: 'production',
      PORT: 3000,
      HOST: '0.0.0.0',
      SESSION_TTL_DAYS: 14,
      LOG_LEVEL: 'info',
      SEED_DEMO: true,
      TRUST_PROXY: false,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 5,
      LOGIN_MAX_FAILURES_PER_ADDRESS: 30,
      LOGIN_WINDOW_MINUTES: 15,
    })
    expect(c.DATABASE_URL).toBeUndefined()
    expect(c.SMTP_URL).toBeUndefined()
  })

  it('parses numbers and booleans from strings', () => {
    const c = loadConfig({ PORT: '8080', SEED_DEMO: 'no', TRUST_PROXY: '1', DATABASE_URL: 'postgres://u:p@db:5432/tm' })
    expect(c).toMatchObject({ PORT: 8080, SEED_DEMO: false, TRUST_PROXY: true, DATABASE_URL: 'postgres://u:p@db:5432/tm' })
  })

  it('names PORT when it is not a number', () => {
    const err = configError({ PORT: 'abc' })
    expect(err.message).toMatch(/\bPORT\b/)
    expect(err.message).not.toMatch(/DATABASE_URL/)
  })

  it('names DATABASE_URL when it is not a URL, or not a postgres one', () => {
    expect(configError({ DATABASE_URL: 'not-a-url' }).message).toMatch(/\bDATABASE_URL\b/)
    expect(configError({ DATABASE_URL: 'mysql://localhost/db' }).message).toMatch(/\bDATABASE_URL\b/)
  })

  it('names every bad variable at once', () => {
    const err = configError({ PORT: '70000', LOG_LEVEL: 'loud', SESSION_SECRET: 'short' })
    for (const name of ['PORT', 'LOG_LEVEL', 'SESSION_SECRET']) expect(err.message).toContain(name)
  })

  it('treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', SMTP_URL: '', SEED_DEMO: '', PUBLIC_URL: '' })
    expect(c.PORT).toBe(3000)
    expect(c.DATABASE_URL).toBeUndefined()
    expect(c.SMTP_URL).toBeUndefined()
    expect(c.SEED_DEMO).toBe(true)
  })
})

describe('isSecureOrigin', () => {
  it('is true only for an https PUBLIC_URL', () => {
    expect(isSecureOrigin({ PUBLIC_URL: 'https://kjdsc.liuzhou.gov.cn' })).toBe(true)
    expect(isSecureOrigin({ PUBLIC_URL: 'http://localhost:3000' })).toBe(false)
    expect(isSecureOrigin({ PUBLIC_URL: undefined })).toBe(false)
  })
})
