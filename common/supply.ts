/**
 * 货源投放 bounds shared by the page and the backend: a week's 可用量, 机动量, 单户上限 or
 * 每户限量 above this many 条 is refused as a typing mistake (a county's whole year is a few
 * million 条).
 */
export const MAX_SUPPLY_TIAO = 10_000_000;
