/** 计划列表: every plan with its period, level, target, status and version; new plan, open, remove. */
import { useState } from 'react';
import { Button, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, useCall } from '../../api/client';
import { useAction } from '../../components/useAction';
import { PageHead } from '../../components/PageHead';
import { useApp } from '../../app/AppContext';
import { can, useMe } from '../accounts/session';
import { fmtUnits, LEVEL_LABELS, periodLabel, StatusTag, type Plan, type PlanUnit } from './common';

export function PlanListPage() {
  const { settings } = useApp();
  const [year, setYear] = useState<number | null>(settings?.fiscalYear ?? null);
  const { data, loading, error, reload } = useCall('plans.list', year ? { year } : {}, [year]);
  const navigate = useNavigate();
  const me = useMe();
  const { run } = useAction();
  const remove = async (p: Plan) => {
    if (await run(() => api.call('plans.remove', { planId: p.id }), `已删除计划“${p.name}”`)) reload();
  };
  return (
    <div data-testid="plan-list">
      <PageHead title="销售计划" level={3}>
        <span>年度</span>
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => setYear(v)} placeholder="全部" />
        {can(me, 'edit') && (
          <Button type="primary" onClick={() => navigate('/plans/edit')} data-testid="plan-new">
            新建计划
          </Button>
        )}
        <Button onClick={() => navigate('/plans/grades')}>按档位投放</Button>
      </PageHead>
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table<Plan>
        rowKey="id"
        loading={loading}
        dataSource={data?.plans ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: '还没有计划。点“新建计划”把市公司下达的目标分解到月份、客户经理或线路。' }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          {
            title: '计划名称',
            dataIndex: 'name',
            render: (v: string, p) => <a onClick={() => navigate(`/plans/edit?id=${p.id}`)}>{v}</a>,
          },
          { title: '期间', render: (_, p) => periodLabel(p) },
          { title: '分解到', dataIndex: 'level', render: (v: keyof typeof LEVEL_LABELS) => LEVEL_LABELS[v] },
          {
            title: '目标',
            align: 'right',
            render: (_, p) => `${fmtUnits(p.targetUnits, p.unit as PlanUnit)}${p.unit === '条' ? '条' : '箱'}`,
          },
          { title: '状态', render: (_, p) => <StatusTag status={p.status} label={p.statusLabel} /> },
          {
            title: '版本',
            dataIndex: 'currentVersion',
            render: (v: number, p) => `第${v}版${p.approvedVersion ? `（审批第${p.approvedVersion}版）` : ''}`,
          },
          { title: '更新时间', dataIndex: 'updatedAt', render: (v: string) => new Date(v).toLocaleString('zh-CN') },
          {
            title: '操作',
            render: (_, p) => (
              <Space>
                <a onClick={() => navigate(`/plans/edit?id=${p.id}`)}>打开</a>
                <a onClick={() => navigate(`/plans/progress?id=${p.id}`)}>进度</a>
                {p.currentVersion && p.currentVersion > 1 && (
                  <a onClick={() => navigate(`/plans/compare?id=${p.id}`)}>版本对比</a>
                )}
                {can(me, 'edit') && (p.status === 'draft' || p.status === 'returned') && (
                  <Popconfirm
                    title={`删除计划“${p.name}”及其全部版本？`}
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() => remove(p)}
                  >
                    <a style={{ color: '#cf1322' }}>删除</a>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
