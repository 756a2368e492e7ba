import { sql } from 'kysely'
import { hashPassword } from '../../server/identity/passwords'
import { makeCreditCode } from '../../server/identity/credit-code'
import type { Database, Executor } from '../index'
import type { MembershipRole, OrganisationType } from '../schema'
import { seedDemoCatalogs } from './catalogs'
import { seedDemoDealRooms } from './deal-rooms'
import { seedDemoListings } from './listings'
import { seedDemoOffers } from './offers'
import { seedReference } from './reference'
import { markDemoNotificationsMailed, seedDemoNotifications } from './notify'
import { seedDemoNotices } from './notice'
import { seedDemoAuctions } from './auctions'
import { seedDemoRoadshows } from './roadshows'
import { seedDemoContracts } from './contracts'
import { seedDemoSubsidies } from './subsidies'
import { seedDemoInvoices } from './invoices'
import { seedDemoEvaluationsAndCredit } from './credit'
import { seedDemoPortal } from './portal'
import { seedDemoHistory } from './history'
import { seedDemoTrainingsAndDirectory } from './trainings'
import { seedDemoAssessment } from './assessment'
import { seedDemoExchange } from './exchange'
import { seedDemoProjects } from './projects'

// A believable, entirely fictional Liuzhou: names are invented, credit codes
// are generated with a valid check character. One login per role; README
// lists them. Running it again changes nothing (upserts on natural keys).

export const DEMO_PASSWORD = 'Demo2026!'

interface DemoOrg {
  key: string
  name: string
  nameEn: string
  type: OrganisationType
  division: string
  status?: 'pending' | 'verified'
  description: string
}

const ORGS: DemoOrg[] = [
  { key: 'lzut', name: '柳州理工大学', nameEn: 'Liuzhou University of Technology', type: 'university', division: '450205', description: '以机械、汽车、材料为特色的理工科大学，设有科技成果转化中心。' },
  { key: 'lcmu', name: '龙城医学院', nameEn: 'Longcheng Medical College', type: 'university', division: '450202', description: '面向桂中地区的医学院校，聚焦壮瑶医药与临床诊疗技术。' },
  { key: 'auto', name: '柳州汽车工程研究院', nameEn: 'Liuzhou Automotive Engineering Institute', type: 'institute', division: '4502LD', description: '新能源汽车热管理、轻量化与智能网联研究。' },
  { key: 'mat', name: '柳州新材料研究所', nameEn: 'Liuzhou New Materials Institute', type: 'institute', division: '450203', description: '钢铁深加工、特种合金与表面处理技术研究。' },
  { key: 'agri', name: '融水山地农业科学研究所', nameEn: 'Rongshui Mountain Agriculture Institute', type: 'institute', division: '450225', description: '山地特色种养、林下经济与农产品加工。' },
  { key: 'longteng', name: '柳州龙腾汽车零部件有限公司', nameEn: 'Liuzhou Longteng Auto Parts Co., Ltd.', type: 'enterprise', division: '4502LD', description: '新能源汽车电驱系统与底盘零部件制造。' },
  { key: 'liunan', name: '柳南精工机械有限公司', nameEn: 'Liunan Precision Machinery Co., Ltd.', type: 'enterprise', division: '450204', description: '工程机械液压件与精密加工。' },
  { key: 'battery', name: '鹿寨新能源电池科技有限公司', nameEn: 'Luzhai New Energy Battery Technology Co., Ltd.', type: 'enterprise', division: '450223', description: '储能电池模组与电池回收利用。' },
  { key: 'tea', name: '三江侗乡茶业科技有限公司', nameEn: 'Sanjiang Dongxiang Tea Technology Co., Ltd.', type: 'enterprise', division: '450226', description: '有机茶种植、加工与茶饮品研发。' },
  { key: 'sugar', name: '柳城蔗糖生物科技有限公司', nameEn: 'Liucheng Cane Sugar Biotech Co., Ltd.', type: 'enterprise', division: '450222', description: '甘蔗制糖及糖蜜、蔗渣综合利用。' },
  { key: 'kumquat', name: '融安金桔食品有限公司', nameEn: "Rong'an Kumquat Foods Co., Ltd.", type: 'enterprise', division: '450224', description: '金桔深加工与冷链保鲜。' },
  { key: 'noodle', name: '柳江螺蛳粉食品科技有限公司', nameEn: 'Liujiang Luosifen Food Technology Co., Ltd.', type: 'enterprise', division: '450206', description: '预包装螺蛳粉生产，关注杀菌工艺与保质期延长。' },
  { key: 'ttc', name: '柳州科技大市场技术转移中心', nameEn: 'Liuzhou TechMarket Technology Transfer Centre', type: 'agency', division: '4502LD', description: '全市技术转移示范机构，提供成果评价、对接、路演与科技金融服务。' },
  { key: 'guizhong', name: '桂中技术转移服务有限公司', nameEn: 'Guizhong Technology Transfer Services Co., Ltd.', type: 'agency', division: '450204', description: '面向中小企业的技术经纪与知识产权运营。' },
  { key: 'registry', name: '柳州市技术合同认定登记站', nameEn: 'Liuzhou Technology Contract Registry', type: 'registrar', division: '450202', description: '受理技术合同认定登记，出具登记证明。' },
  { key: 'citybureau', name: '柳州市科学技术局', nameEn: 'Liuzhou Science and Technology Bureau', type: 'government', division: '450200', description: '全市科技成果转化工作的统筹部门。' },
  { key: 'liunangov', name: '柳南区科技和工业信息化局', nameEn: 'Liunan District S&T and Industry Bureau', type: 'government', division: '450204', description: '柳南区科技成果转化与技术交易主管部门。' },
  { key: 'luzhaigov', name: '鹿寨县科学技术局', nameEn: 'Luzhai County Science and Technology Bureau', type: 'government', division: '450223', description: '鹿寨县科技主管部门。' },
  { key: 'pending', name: '柳北智能装备有限公司', nameEn: 'Liubei Intelligent Equipment Co., Ltd.', type: 'enterprise', division: '450205', status: 'pending', description: '工业机器人集成与智能产线。' },
]

const PREFIX: Record<OrganisationType, string> = {
  university: '12', institute: '12', government: '11', enterprise: '91', agency: '91', registrar: '12',
}

export interface DemoUser {
  email: string
  name: string
  role: string
  org?: string
  membership?: MembershipRole
  platformAdmin?: boolean
  manager?: { certificateNo: string; agency: string }
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.kjdsc.cn', name: '韦晓峰', role: 'platform_admin', platformAdmin: true },
  { email: 'researcher@demo.kjdsc.cn', name: '覃明远', role: 'researcher', org: 'lzut', membership: 'member' },
  { email: 'institution@demo.kjdsc.cn', name: '莫丽华', role: 'institution_admin', org: 'lzut', membership: 'admin' },
  { email: 'enterprise@demo.kjdsc.cn', name: '黄志强', role: 'enterprise', org: 'longteng', membership: 'owner' },
  { email: 'manager@demo.kjdsc.cn', name: '蓝海燕', role: 'manager', org: 'ttc', membership: 'member', manager: { certificateNo: 'GXJL-2024-0318', agency: 'ttc' } },
  { email: 'agency@demo.kjdsc.cn', name: '潘建国', role: 'agency_admin', org: 'ttc', membership: 'owner' },
  { email: 'registrar@demo.kjdsc.cn', name: '梁静', role: 'registrar', org: 'registry', membership: 'member' },
  { email: 'city@demo.kjdsc.cn', name: '陆文斌', role: 'city_officer', org: 'citybureau', membership: 'member' },
  { email: 'county@demo.kjdsc.cn', name: '吴桂兰', role: 'county_officer', org: 'liunangov', membership: 'member' },
  { email: 'applicant@demo.kjdsc.cn', name: '周凯', role: 'none', org: 'pending', membership: 'owner' },
  { email: 'liunan-owner@demo.kjdsc.cn', name: '廖振华', role: 'enterprise', org: 'liunan', membership: 'owner' },
  { email: 'battery-owner@demo.kjdsc.cn', name: '谭晓东', role: 'enterprise', org: 'battery', membership: 'owner' },
  { email: 'auto-admin@demo.kjdsc.cn', name: '罗振宇', role: 'institution_admin', org: 'auto', membership: 'owner' },
  { email: 'lcmu-admin@demo.kjdsc.cn', name: '蒙秀琴', role: 'institution_admin', org: 'lcmu', membership: 'owner' },
  { email: 'mat-admin@demo.kjdsc.cn', name: '甘立新', role: 'institution_admin', org: 'mat', membership: 'owner' },
  { email: 'agri-admin@demo.kjdsc.cn', name: '杨春妹', role: 'institution_admin', org: 'agri', membership: 'owner' },
  { email: 'tea-owner@demo.kjdsc.cn', name: '石金花', role: 'enterprise', org: 'tea', membership: 'owner' },
  { email: 'sugar-owner@demo.kjdsc.cn', name: '韦国庆', role: 'enterprise', org: 'sugar', membership: 'owner' },
  { email: 'kumquat-owner@demo.kjdsc.cn', name: '黎桂芳', role: 'enterprise', org: 'kumquat', membership: 'owner' },
  { email: 'noodle-owner@demo.kjdsc.cn', name: '覃志伟', role: 'enterprise', org: 'noodle', membership: 'owner' },
]

export async function seedDemo(db: Database, opts: { onlyIfEmpty: boolean }) {
  await seedReference(db)
  if (opts.onlyIfEmpty) {
    const { n } = await db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    if (n > 0) return null
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction().execute(async (trx) => {
    const admin = await upsertUser(trx, DEMO_USERS[0]!, passwordHash)
    const orgIds = new Map<string, string>()
    for (const [i, o] of ORGS.entries()) {
      const divisionDigits = /^\d{6}$/.test(o.division) ? o.division : '450200'
      const creditCode = makeCreditCode(PREFIX[o.type], divisionDigits, `MA5L${String(7100 + i * 37).padStart(4, '0')}${i % 10}`)
      const status = o.status ?? 'verified'
      await trx
        .insertInto('organisations')
        .values({
          name: o.name,
          name_en: o.nameEn,
          type: o.type,
          credit_code: creditCode,
          division_code: o.division,
          address: `广西柳州市${o.name.slice(0, 2)}路 ${10 + i * 3} 号`,
          contact_name: '办公室',
          contact_phone: `0772-${String(2800000 + i * 1111).slice(0, 7)}`,
          contact_email: `contact-${o.key}@demo.kjdsc.cn`,
          website: null,
          description: o.description,
          status,
          reviewed_by: status === 'verified' ? admin : null,
          reviewed_at: status === 'verified' ? new Date() : null,
          created_by: admin,
          // Four eyes on for institutions, as for any new one (ADR 019).
          four_eyes: o.type === 'university' || o.type === 'institute',
        })
        .onConflict((oc) => oc.column('credit_code').doNothing())
        .execute()
      const row = await trx.selectFrom('organisations').select('id').where('credit_code', '=', creditCode).executeTakeFirstOrThrow()
      orgIds.set(o.key, row.id)
    }
    for (const u of DEMO_USERS) {
      const userId = await upsertUser(trx, u, passwordHash)
      if (u.org && u.membership) {
        await trx
          .insertInto('memberships')
          .values({ org_id: orgIds.get(u.org)!, user_id: userId, role: u.membership })
          .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
          .execute()
      }
      if (u.manager) {
        await trx
          .insertInto('manager_profiles')
          .values({ user_id: userId, certificate_no: u.manager.certificateNo, agency_id: orgIds.get(u.manager.agency)! })
          .onConflict((oc) => oc.column('user_id').doNothing())
          .execute()
      }
    }
    const creators = new Map<string, string>()
    for (const u of DEMO_USERS) {
      if (!u.org || creators.has(u.org)) continue
      const row = await trx.selectFrom('users').select('id').where('email', '=', u.email).executeTakeFirstOrThrow()
      creators.set(u.org, row.id)
    }
    const listings = await seedDemoListings(
      trx,
      orgIds,
      creators,
      new Map(ORGS.map((o) => [o.key, o.name])),
      new Map(ORGS.map((o) => [o.key, o.division])),
    )
    const catalogs = await seedDemoCatalogs(trx, orgIds, creators, admin)
    // Notifications first: they are seeded for people who have none yet, and the rooms below notify too.
    await seedDemoNotifications(trx)
    await seedDemoDealRooms(trx, orgIds)
    await seedDemoOffers(trx)
    await seedDemoNotices(trx)
    await seedDemoAuctions(trx)
    await seedDemoRoadshows(trx)
    await seedDemoContracts(trx)
    await seedDemoSubsidies(trx)
    await seedDemoInvoices(trx)
    // Issue 12: years of generated history first, then the demo's own government rows on top of it.
    await seedDemoHistory(trx)
    await seedDemoProjects(trx)
    await seedDemoEvaluationsAndCredit(trx)
    await seedDemoTrainingsAndDirectory(trx)
    await seedDemoAssessment(trx)
    await seedDemoPortal(trx)
    await seedDemoExchange(trx)
    await markDemoNotificationsMailed(trx)
    await trx
      .insertInto('audit_log')
      .values({ actor_id: null, action: 'system.demo_seeded', entity_type: 'system', entity_id: null, details: JSON.stringify({ organisations: ORGS.length, users: DEMO_USERS.length, ...listings, catalogs }) })
      .execute()
    return { organisations: ORGS.length, users: DEMO_USERS.length, ...listings, catalogs }
  })
}

async function upsertUser(trx: Executor, u: DemoUser, passwordHash: string): Promise<string> {
  await trx
    .insertInto('users')
    .values({ email: u.email, name: u.name, password_hash: passwordHash, is_platform_admin: u.platformAdmin ?? false })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute()
  const row = await trx.selectFrom('users').select('id').where('email', '=', u.email).executeTakeFirstOrThrow()
  return row.id
}
