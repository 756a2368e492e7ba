import type { Executor } from '../index'

export async function listIndustries(db: Executor) {
  return db.selectFrom('industries').select(['code', 'name_zh', 'name_en', 'parent_code']).orderBy('sort').execute()
}

export async function industryExists(db: Executor, code: string) {
  return !!(await db.selectFrom('industries').select('code').where('code', '=', code).executeTakeFirst())
}
