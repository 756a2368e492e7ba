// Strings of the needs feature: zh first, en with exactly the same keys.
export const zh = {} as const

export const en: Record<keyof typeof zh, string> = {}
