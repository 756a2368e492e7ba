import type { ManagerLevel } from '../../db/schema'

// The directory's configuration (ADR 037): the capability levels of the
// national standard for technology managers (技术经理人能力评价规范: 初级 / 中级 /
// 高级), in order, and the page size.

export const MANAGER_LEVELS = ['junior', 'intermediate', 'senior'] as const satisfies readonly ManagerLevel[]
export const DIRECTORY_PAGE_SIZE = 20
/** How many fields a manager may list. */
export const MAX_MANAGER_FIELDS = 8
