import pino from 'pino'

export type Logger = pino.Logger

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'techmarket' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'password', '*.password'], remove: true },
  })
}
