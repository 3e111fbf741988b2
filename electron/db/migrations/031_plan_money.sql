-- 销售计划 in money (DOMAIN.md "Plans in money"): each cell's 销售额 target, split like the 销量
-- with the same methods, locks and sum-preserving rounding (exact to the 分), and the cell's own
-- targets of 单箱值 and 一类烟占比 (not split). All null for a plan without a 销售额 target.
ALTER TABLE plan_cells ADD COLUMN amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0);
ALTER TABLE plan_cells ADD COLUMN amount_exact REAL;
ALTER TABLE plan_cells ADD COLUMN amount_locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan_cells ADD COLUMN amount_explain TEXT;          -- JSON: how the 销售额 was computed
ALTER TABLE plan_cells ADD COLUMN per_case_fen INTEGER;          -- 单箱值 target, 分 per 箱
ALTER TABLE plan_cells ADD COLUMN class_one_bp INTEGER CHECK (class_one_bp IS NULL OR class_one_bp BETWEEN 0 AND 10000);  -- 一类烟占比 target, 0.01%
