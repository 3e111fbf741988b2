-- 线路 can be stopped (停用) without deleting it: 1 在用, 0 停用. A stopped route keeps its
-- history; it is left out of the lists new assignments choose from and of 线路数.
ALTER TABLE routes ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
