import { loadConfig } from '../server/platform/config'
import { createLogger } from '../server/platform/logger'
import { bootDatabase, exitOnStartupError } from '../server/platform/boot'

// npm run db:migrate — bootDatabase applies pending migrations and logs them.
const config = loadConfig({ ...process.env, SEED_DEMO: 'false' })
const logger = createLogger(config.LOG_LEVEL)
const { db, embedded } = await bootDatabase(config, logger, { reuseRunning: true }).catch(exitOnStartupError)
await db.destroy()
await embedded?.stop()
