-- 品牌集 / 客户集 rules name their field in the one Chinese vocabulary of DOMAIN.md
-- (价类, 品牌, 生产企业, 卷烟编码 …; 经营业态, 城乡分类, 线路编码, 客户经理 …). Rules saved
-- by earlier versions used English or shortened names (priceClass, format, 业态 …):
-- rewrite them, for a rule of one condition and for a list of conditions.
-- masterdata/sets.ts still reads the old names, so a file restored from an older
-- backup works before and after this migration.
CREATE TEMP TABLE set_rule_field_map (kind TEXT NOT NULL, alias TEXT NOT NULL, canon TEXT NOT NULL);
INSERT INTO set_rule_field_map(kind, alias, canon) VALUES
    ('products', 'priceClass', '价类'),
    ('products', 'price_class', '价类'),
    ('products', 'class', '价类'),
    ('products', '类别', '价类'),
    ('products', 'brand', '品牌'),
    ('products', 'maker', '生产企业'),
    ('products', '厂家', '生产企业'),
    ('products', '工业企业', '生产企业'),
    ('products', 'code', '卷烟编码'),
    ('products', '编码', '卷烟编码'),
    ('products', '规格编码', '卷烟编码'),
    ('products', 'lowTar', '低焦'),
    ('products', 'low_tar', '低焦'),
    ('products', 'onSale', '在销'),
    ('products', 'on_sale', '在销'),
    ('retailers', 'format', '经营业态'),
    ('retailers', '业态', '经营业态'),
    ('retailers', 'area', '城乡分类'),
    ('retailers', '城乡', '城乡分类'),
    ('retailers', 'route', '线路编码'),
    ('retailers', 'route_code', '线路编码'),
    ('retailers', '线路', '线路编码'),
    ('retailers', 'manager', '客户经理'),
    ('retailers', 'manager_code', '客户经理'),
    ('retailers', '客户经理工号', '客户经理'),
    ('retailers', 'grade', '档位'),
    ('retailers', 'orderMethod', '订货方式'),
    ('retailers', 'order_method', '订货方式'),
    ('retailers', 'settlement', '结算方式'),
    ('retailers', 'status', '经营状态'),
    ('retailers', '状态', '经营状态'),
    ('retailers', 'modernTerminal', '现代终端'),
    ('retailers', 'modern_terminal', '现代终端');

UPDATE code_sets
SET rule = json_set(rule, '$.field',
  (SELECT canon FROM set_rule_field_map m WHERE m.kind = code_sets.kind AND m.alias = json_extract(code_sets.rule, '$.field')))
WHERE json_valid(rule) AND json_type(rule) = 'object'
  AND json_extract(rule, '$.field') IN (SELECT alias FROM set_rule_field_map m WHERE m.kind = code_sets.kind);

UPDATE code_sets
SET rule = (
  SELECT json_group_array(json(json_set(e.value, '$.field', COALESCE(m.canon, json_extract(e.value, '$.field')))))
  FROM json_each(code_sets.rule) e
  LEFT JOIN set_rule_field_map m ON m.kind = code_sets.kind AND m.alias = json_extract(e.value, '$.field')
)
WHERE json_valid(rule) AND json_type(rule) = 'array';

DROP TABLE set_rule_field_map;
