import type { Migration } from 'kysely'
import * as m0001 from './2026_11_26_0001_foundation'
import * as m0002 from './2026_11_26_0002_supply_and_demand'
import * as m0004 from './2026_11_26_0004_need_response_kind'
import * as m0005 from './2026_11_26_0005_detail_view_attachment'
import * as m0006 from './2026_11_26_0006_import_source'
import * as m0010 from './2026_11_26_0010_search_and_matching'
import * as m0011 from './2026_11_26_0011_search_shards'
import * as m0101 from './2026_12_03_0101_account_mail'
import * as m0201 from './2026_12_03_0201_manager_approval'
import * as m0601 from './2026_12_03_0601_search_patent_forms'
import * as m0701 from './2026_12_03_0701_withdraw_and_four_eyes'
import * as m0801 from './2026_12_03_0801_title_only_drafts'
import * as m0901 from './2026_12_03_0901_page_version'
import * as m1201 from './2026_12_04_0101_deals'
import * as m1202 from './2026_12_04_0201_realtime_transport'
import * as m1203 from './2026_12_04_0301_deal_rooms'
import * as m1204 from './2026_12_04_0401_deal_offers'
import * as m1205 from './2026_12_04_0501_notification_prefs'
import * as m1206 from './2026_12_04_0601_notices'
import * as m1207 from './2026_12_04_0701_auctions'
import * as m1221 from './2026_12_04_0721_signing_secrets'
import * as m1281 from './2026_12_04_0801_roadshows'
import * as m1282 from './2026_12_04_0811_roadshow_slides'
import * as m1291 from './2026_12_04_0901_contracts'
import * as m1293 from './2026_12_04_0931_subsidies'
import * as m1294 from './2026_12_04_0941_invoices'
import * as m1301 from './2026_12_05_0101_transformation_projects'
import * as m1321 from './2026_12_05_0121_evaluations_and_credit'
import * as m1351 from './2026_12_05_0151_portal'
import * as m1331 from './2026_12_05_0131_dashboard_facts'
import * as m1361 from './2026_12_05_0161_trainings_directory'
import * as m1341 from './2026_12_05_0141_assessment'
import * as m1371 from './2026_12_05_0171_exchange'
import * as m1401 from './2026_12_05_0201_assessment_indexes'

// Every migration, by name in the order it runs. Listed statically (rather
// than read from the folder at run time) so that tsx, vitest and bundlers all
// load them the same way. Add a line per new migration; never edit old ones.
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_foundation': m0001,
  '2026_11_26_0002_supply_and_demand': m0002,
  '2026_11_26_0004_need_response_kind': m0004,
  '2026_11_26_0005_detail_view_attachment': m0005,
  '2026_11_26_0006_import_source': m0006,
  '2026_11_26_0010_search_and_matching': m0010,
  '2026_11_26_0011_search_shards': m0011,
  '2026_12_03_0101_account_mail': m0101,
  '2026_12_03_0201_manager_approval': m0201,
  '2026_12_03_0601_search_patent_forms': m0601,
  '2026_12_03_0701_withdraw_and_four_eyes': m0701,
  '2026_12_03_0801_title_only_drafts': m0801,
  '2026_12_03_0901_page_version': m0901,
  '2026_12_04_0101_deals': m1201,
  '2026_12_04_0201_realtime_transport': m1202,
  '2026_12_04_0301_deal_rooms': m1203,
  '2026_12_04_0401_deal_offers': m1204,
  '2026_12_04_0501_notification_prefs': m1205,
  '2026_12_04_0601_notices': m1206,
  '2026_12_04_0701_auctions': m1207,
  '2026_12_04_0721_signing_secrets': m1221,
  '2026_12_04_0801_roadshows': m1281,
  '2026_12_04_0811_roadshow_slides': m1282,
  '2026_12_04_0901_contracts': m1291,
  '2026_12_04_0931_subsidies': m1293,
  '2026_12_04_0941_invoices': m1294,
  '2026_12_05_0101_transformation_projects': m1301,
  '2026_12_05_0121_evaluations_and_credit': m1321,
  '2026_12_05_0151_portal': m1351,
  '2026_12_05_0131_dashboard_facts': m1331,
  '2026_12_05_0161_trainings_directory': m1361,
  '2026_12_05_0141_assessment': m1341,
  '2026_12_05_0171_exchange': m1371,
  '2026_12_05_0201_assessment_indexes': m1401,
}
