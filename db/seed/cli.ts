import { loadConfig } from '../../server/platform/config'
import { createLogger } from '../../server/platform/logger'
import { bootDatabase, exitOnStartupError } from '../../server/platform/boot'
import { seedDemo } from './demo'

// npm run db:seed — idempotent: safe to run again, adds only what is missing.
const config = loadConfig({ ...process.env, SEED_DEMO: 'false' })
const logger = createLogger(config.LOG_LEVEL)
const { db, embedded } = await bootDatabase(config, logger, { reuseRunning: true }).catch(exitOnStartupError)
const result = await seedDemo(db, { onlyIfEmpty: false })
logger.info(result ?? {}, 'demo seed done')
await db.destroy()
await embedded?.stop()
