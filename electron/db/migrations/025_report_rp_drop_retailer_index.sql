-- rpt_month_rp loses its (retailer_id, month) index. The reports always ask
-- for given months (month IN (…)), which the primary key (month, product_id,
-- retailer_id) serves, filtering retailers of a customer scope on the way;
-- the planner did not use the index for them. Keeping it up to date was the
-- largest part of maintaining the summaries at import: an import's rows
-- landed at thousands of places across every month of it.
DROP INDEX IF EXISTS rpt_month_rp_retailer;
