/** 品牌集 / 客户集: list, create (a list of codes or a rule), members, delete. */
import { useState } from 'react';
import { App, Button, Drawer, Form, Input, Modal, Popconfirm, Radio, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { useAction } from '../../components/useAction';
import { RULE_FIELD_NAMES, SET_KIND_LABELS, type SetKind } from '../../../common/sets';

/** The rule fields of each kind of set (the backend's vocabulary), as choices. */
const RULE_FIELDS: Record<SetKind, { value: string; label: string }[]> = {
  products: RULE_FIELD_NAMES.products.map((f) => ({ value: f, label: f })),
  retailers: RULE_FIELD_NAMES.retailers.map((f) => ({ value: f, label: f })),
};

export function SetsPage() {
  const { message } = App.useApp();
  const sets = useCall('masterdata.sets', {}, []);
  const [open, setOpen] = useState(false);
  const [members, setMembers] = useState<string | null>(null);
  const rows = (sets.data ?? []).map((s) => ({
    ...s,
    kindLabel: SET_KIND_LABELS[s.kind],
    how: s.ruleText ?? '编码清单',
  }));
  return (
    <div data-testid="sets-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        品牌集 / 客户集
      </Typography.Title>
      <DataGrid
        columns={[
          { key: 'name', title: '名称', width: 16 },
          { key: 'kindLabel', title: '类别', width: 7 },
          { key: 'how', title: '定义', width: 18 },
          { key: 'members', title: '成员数', type: 'int', width: 7 },
          { key: 'note', title: '备注', width: 20 },
        ]}
        rows={rows as unknown as Record<string, unknown>[]}
        rowKey={(r) => String(r.name)}
        onRowDoubleClick={(r) => setMembers(String(r.name))}
        height={420}
        toolbar={
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="new-set">
              新建集合
            </Button>
            <Typography.Text type="secondary">双击一行查看成员；集合可在各报表中作为范围使用</Typography.Text>
          </>
        }
      />
      <CreateSet
        open={open}
        onClose={(created) => {
          setOpen(false);
          if (created) {
            message.success(`已创建“${created}”`);
            sets.reload();
          }
        }}
      />
      <Drawer open={members !== null} onClose={() => setMembers(null)} title={`成员：${members ?? ''}`} size="large">
        {members && (
          <Members
            name={members}
            onDeleted={() => {
              setMembers(null);
              sets.reload();
            }}
          />
        )}
      </Drawer>
    </div>
  );
}

function Members({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const { message } = App.useApp();
  const m = useCall('masterdata.setMembers', { name }, [name]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <DataGrid
        columns={[
          { key: 'code', title: '编码', width: 14 },
          { key: 'name', title: '名称', width: 20 },
        ]}
        rows={(m.data ?? []) as unknown as Record<string, unknown>[]}
        height={480}
      />
      <Popconfirm
        title={`删除集合“${name}”？`}
        okText="删除"
        cancelText="取消"
        onConfirm={async () => {
          try {
            await api.call('masterdata.deleteSet', { name });
            message.success('已删除');
            onDeleted();
          } catch (err) {
            message.error((err as Error).message);
          }
        }}
      >
        <Button danger>删除此集合</Button>
      </Popconfirm>
    </Space>
  );
}

function CreateSet({ open, onClose }: { open: boolean; onClose: (created: string | null) => void }) {
  const [kind, setKind] = useState<'products' | 'retailers'>('products');
  const [how, setHow] = useState<'codes' | 'rule'>('rule');
  const [name, setName] = useState('');
  const [codes, setCodes] = useState('');
  const [field, setField] = useState<string>('价类');
  const [value, setValue] = useState('');
  const { busy, run } = useAction();
  const submit = () => {
    const input =
      how === 'codes'
        ? {
            name,
            kind,
            codes: codes
              .split(/[\s,，;；]+/)
              .map((c) => c.trim())
              .filter(Boolean),
          }
        : { name, kind, rule: { field, value } };
    return run(async () => onClose((await api.call('masterdata.createSet', input)).name));
  };
  return (
    <Modal
      open={open}
      title="新建品牌集 / 客户集"
      onCancel={() => onClose(null)}
      onOk={submit}
      okText="创建"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="名称" required>
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="如 七匹狼“通”系列"
            data-testid="set-name"
          />
        </Form.Item>
        <Form.Item label="类别">
          <Radio.Group
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setField(RULE_FIELDS[e.target.value as SetKind][0].value);
            }}
            options={[
              { value: 'products', label: '品牌集（卷烟规格）' },
              { value: 'retailers', label: '客户集（零售客户）' },
            ]}
          />
        </Form.Item>
        <Form.Item label="定义方式">
          <Radio.Group
            value={how}
            onChange={(e) => setHow(e.target.value)}
            options={[
              { value: 'rule', label: '按规则' },
              { value: 'codes', label: '编码清单' },
            ]}
          />
        </Form.Item>
        {how === 'rule' ? (
          <Space.Compact style={{ width: '100%' }}>
            <Select value={field} onChange={setField} options={RULE_FIELDS[kind]} style={{ width: 160 }} />
            <Input
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder="取值，如 一类、超市、30"
              data-testid="set-value"
            />
          </Space.Compact>
        ) : (
          <Form.Item label="编码（用逗号、空格或换行分隔）">
            <Input.TextArea rows={6} value={codes} onChange={(e) => setCodes(e.target.value)} data-testid="set-codes" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
