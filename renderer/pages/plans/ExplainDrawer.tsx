/**
 * 计算说明 of one cell in a drawer: how its number came about, unlocking it, and for a saved
 * plan the links to the cell's child breakdown and to 按档位投放 of its quantity.
 */
import { Button, Descriptions, Drawer, Table, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { fmtPct } from '../../components/format';
import { displayUnitName, fmtUnits, type Explain, type PlanUnit } from './common';
import { childOf, type Draft } from './planDraft';
import { baseDisplay } from './tables';
import { childLevelLabel, displayToUnits, gradesLink, type GridRow } from './planRows';

export function ExplainDrawer({
  row,
  draft,
  /** the saved plan's name when the grid shows a saved version unchanged (child links need one) */
  savedName,
  onClose,
  onUnlock,
  onUnlockAmount,
}: {
  row: GridRow | null;
  draft: Draft;
  savedName: string | null;
  onClose: () => void;
  onUnlock?: () => void;
  onUnlockAmount?: () => void;
}) {
  const navigate = useNavigate();
  const unit = draft.unit;
  const go = (to: string) => {
    onClose();
    navigate(to);
  };
  const units = row ? displayToUnits(row.value, unit) : 0;
  const link =
    row && savedName !== null
      ? childOf(
          {
            level: draft.level,
            year: draft.year,
            month: draft.month,
            unit,
            products: draft.products,
            name: savedName,
            methods: draft.methods,
          },
          { key: row.key, label: row.label, units },
        )
      : null;
  const grades = row && savedName !== null ? gradesLink(draft.level, row.key, units, unit) : null;
  return (
    <Drawer
      title={row ? `计算说明：${row.label}（${row.key}）` : '计算说明'}
      open={!!row}
      onClose={onClose}
      width={520}
      data-testid="plan-explain"
    >
      {row && <ExplainView row={row} unit={unit} onUnlock={onUnlock} />}
      {row && (row.amount !== null || row.perCase !== null || row.classOne !== null) && (
        <MoneyView row={row} onUnlock={onUnlockAmount} />
      )}
      {link && (
        <Button style={{ marginTop: 12 }} type="dashed" block onClick={() => go(link)} data-testid="plan-child">
          以此格为目标继续分解（{childLevelLabel(draft.level)}）
        </Button>
      )}
      {grades && (
        <Button style={{ marginTop: 8 }} type="dashed" block onClick={() => go(grades)} data-testid="plan-grades">
          按档位投放此格的数量
        </Button>
      )}
    </Drawer>
  );
}

function ExplainView({ row, unit, onUnlock }: { row: GridRow; unit: PlanUnit; onUnlock?: () => void }) {
  const e = row.explain;
  const u = (x: number) => `${fmtUnits(x, unit)}${displayUnitName(unit)}`;
  return (
    <div data-testid="plan-explain-body">
      {e.text && (
        <Typography.Paragraph data-testid="plan-explain-text" style={{ background: '#fafafa', padding: 8 }}>
          {e.text}
        </Typography.Paragraph>
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="结果">{u(displayToUnits(row.value, unit))}</Descriptions.Item>
        {e.locked ? (
          <Descriptions.Item label="锁定">手工锁定，不参与分摊</Descriptions.Item>
        ) : (
          <>
            <Descriptions.Item label="综合占比">{fmtPct(e.share, 4)}</Descriptions.Item>
            <Descriptions.Item label="可分摊量">
              {u(e.spreadUnits)}（目标 {u(e.totalUnits)} − 锁定 {u(e.lockedSum)}）
            </Descriptions.Item>
            <Descriptions.Item label="精确值">
              {e.exact.toFixed(4)} 个单位（{unit}）
            </Descriptions.Item>
            <Descriptions.Item label="取整">
              先取整数部分 {e.floorUnits}，尾差 {e.remainder.toFixed(4)}
              {e.rank ? `，在 ${e.handedOut} 个补位名额中排第 ${e.rank} 位，${e.plusOne ? '补 1 个单位' : '未补'}` : ''}
            </Descriptions.Item>
            {e.baseNote && <Descriptions.Item label="基数说明">{e.baseNote}</Descriptions.Item>}
            {e.bound && (
              <Descriptions.Item label="上下限">
                {e.bound === 'floor' ? `取下限 ${u(e.floor ?? 0)}` : `取上限 ${u(e.ceiling ?? 0)}`}
                {e.boundNote ? `（${e.boundNote}）` : ''}
              </Descriptions.Item>
            )}
          </>
        )}
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey="label"
        dataSource={e.methods}
        columns={[
          { title: '方法', dataIndex: 'label' },
          { title: '权重', dataIndex: 'weight', render: (v: number) => fmtPct(v, 0) },
          {
            title: '基数',
            render: (_: unknown, m: Explain['methods'][number]) =>
              baseDisplay(m.label, m.base).toLocaleString('zh-CN', { maximumFractionDigits: 2 }),
          },
          { title: '占比', dataIndex: 'share', render: (v: number) => fmtPct(v, 4) },
        ]}
      />
      {onUnlock && (
        <Button style={{ marginTop: 12 }} onClick={onUnlock} data-testid="plan-unlock">
          解除此格锁定
        </Button>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        取整规则：各格先取精确值的整数部分，剩余的单位按尾差从大到小逐一补给（尾差相同按编码升序），保证合计与目标严格相等。
      </Typography.Paragraph>
    </div>
  );
}

const yuan = (x: number) => x.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The row's money targets: how its 销售额 was split (the same rule, in 分), its 单箱值 and 一类烟占比. */
function MoneyView({ row, onUnlock }: { row: GridRow; onUnlock?: () => void }) {
  const e = row.amountExplain;
  return (
    <div data-testid="plan-explain-money" style={{ marginTop: 16 }}>
      <Typography.Title level={5}>销售额、单箱值与一类烟占比</Typography.Title>
      <Descriptions column={1} size="small" bordered>
        {row.amount !== null && (
          <Descriptions.Item label="销售额">
            {yuan(row.amount)} 元（{(row.amount / 10000).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')} 万元）
          </Descriptions.Item>
        )}
        {e?.text && <Descriptions.Item label="计算">{e.text}</Descriptions.Item>}
        <Descriptions.Item label="单箱值目标">
          {row.perCase === null ? '未设' : `${yuan(row.perCase)} 元/箱`}
        </Descriptions.Item>
        <Descriptions.Item label="一类烟占比目标">
          {row.classOne === null ? '未设' : `${row.classOne.toFixed(2)}%`}
        </Descriptions.Item>
      </Descriptions>
      {onUnlock && (
        <Button style={{ marginTop: 12 }} onClick={onUnlock} data-testid="plan-unlock-amount">
          解除此格销售额锁定
        </Button>
      )}
    </div>
  );
}
