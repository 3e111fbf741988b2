/**
 * 新增 of one master record (a form with the grid's validators, then the backend's checks
 * again, each refusal shown at its field) and 停用 / 启用 of the selected records with a
 * confirmation that says what a stopped record no longer counts in.
 */
import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { api, ApiError } from '../../api/client';
import { columnParser } from '../../components/DataGrid';
import { editValue, ENTITY_LABELS, masterColumns, type Entity } from './common';

export const CODE_TITLES: Record<Entity, string> = {
  managers: '工号',
  routes: '线路编码',
  retailers: '客户编码',
  products: '卷烟编码',
};

/** What 停用 does to each master, in the confirmation (DOMAIN.md: who counts where). */
const STOP_MEANS: Record<Entity, string> = {
  retailers: '经营状态改为“注销”：不再计入持证客户、正常经营户和铺货率、网建指标的分母。',
  managers: '在岗状态改为“离岗”：不再计入客户经理队伍结构，计划分解和考核不再列出。',
  routes: '线路改为“停用”：不再出现在线路选择中，也不计入客户经理的线路数。仍有持证客户的线路不能停用。',
  products: '在销状态改为“否”：不再计入在销规格，计划分解和铺货统计不再列出。',
};

const START_MEANS: Record<Entity, string> = {
  retailers: '经营状态改为“正常”。',
  managers: '在岗状态改为“在岗”。',
  routes: '线路恢复“在用”。',
  products: '在销状态改为“是”。',
};

/** Fields a new record starts with (so a 是/否 never starts blank). */
const DEFAULTS: Record<Entity, Record<string, string>> = {
  managers: { onDuty: '在岗' },
  routes: {},
  retailers: { status: '正常', modernTerminal: '否' },
  products: { lowTar: '否', onSale: '是' },
};

type Columns = ReturnType<typeof masterColumns>;

export function CreateMaster(p: {
  open: boolean;
  entity: Entity;
  columns: Columns;
  names: { routes: Map<string, string>; managers: Map<string, string> };
  onClose: (created: string | null) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string>>();
  const [busy, setBusy] = useState(false);
  const cols = p.columns.filter((c) => c.field && c.editable);
  useEffect(() => {
    if (p.open) {
      form.resetFields();
      form.setFieldsValue(DEFAULTS[p.entity]);
    }
  }, [p.open, p.entity, form]);
  const submit = async () => {
    let values: Record<string, string>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const fields: Record<string, string | number | null> = {};
    for (const c of cols) {
      const text = values[c.key];
      if (text === undefined || String(text).trim() === '') continue;
      const r = columnParser(c as never)(String(text));
      if (r.ok && r.value !== null) fields[c.field!] = editValue(c, r.value);
    }
    setBusy(true);
    try {
      const rec = await api.call('masterdata.create', { entity: p.entity, code: values.code ?? '', fields });
      message.success(`已新增${ENTITY_LABELS[p.entity]} ${String(rec.name)}（${String(rec.code)}）`);
      p.onClose(String(rec.code));
    } catch (err) {
      // the backend's reasons go to their fields; the whole message too when one has no field here
      const byField = ((err as ApiError).details as { fields?: Record<string, string> } | undefined)?.fields;
      if (byField) {
        const keyOf = (f: string) => (f === 'code' ? 'code' : cols.find((c) => c.field === f)?.key);
        form.setFields(
          Object.entries(byField)
            .filter(([f]) => keyOf(f))
            .map(([f, reason]) => ({ name: keyOf(f)!, errors: [reason] })),
        );
      }
      message.error(`未新增：${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const choices = (c: Columns[number]) =>
    (c.cellEditorParams as { values?: string[] } | undefined)?.values?.filter((v) => v !== '');
  const choiceLabel = (c: Columns[number], v: string) => {
    const name = c.key === 'routeCode' ? p.names.routes.get(v) : c.key === 'managerCode' ? p.names.managers.get(v) : '';
    return name ? `${v} ${name}` : v;
  };
  return (
    <Modal
      open={p.open}
      title={`新增${ENTITY_LABELS[p.entity]}`}
      onCancel={() => p.onClose(null)}
      onOk={submit}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      width={720}
      destroyOnHidden
      data-testid="master-create-form"
    >
      <Typography.Paragraph type="secondary">
        带 * 的必须填写；其余可留空，以后在表格中补充。每一项按导入时的规则检查，有误时不保存。
      </Typography.Paragraph>
      <Form form={form} layout="horizontal" labelCol={{ flex: '9em' }} wrapperCol={{ flex: 1 }} labelWrap>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item
            name="code"
            label={CODE_TITLES[p.entity]}
            rules={[
              { required: true, whitespace: true, message: `请填写${CODE_TITLES[p.entity]}` },
              {
                pattern: /^\s*[0-9A-Za-z_\-０-９Ａ-Ｚａ-ｚ]+\s*$/,
                message: `${CODE_TITLES[p.entity]}只能由数字、字母、短横线和下划线组成`,
              },
              { max: 40, message: `${CODE_TITLES[p.entity]}最多 40 个字符` },
            ]}
          >
            <Input data-testid="create-code" />
          </Form.Item>
          {cols.map((c) => {
            const values = choices(c);
            const parse = columnParser(c as never);
            const required = c.key === 'name' || Boolean(DEFAULTS[p.entity][c.key]);
            return (
              <Form.Item
                key={c.key}
                name={c.key}
                label={c.title}
                rules={[
                  { required, message: `请填写${c.title}` },
                  {
                    validator: async (_, v) => {
                      if (v === undefined || v === null || String(v).trim() === '') return;
                      const r = parse(String(v));
                      if (!r.ok) throw new Error(r.reason);
                    },
                  },
                ]}
              >
                {values ? (
                  <Select
                    allowClear={!required}
                    showSearch
                    options={values.map((v) => ({ value: v, label: choiceLabel(c, v) }))}
                    data-testid={`create-${c.key}`}
                  />
                ) : (
                  <Input
                    data-testid={`create-${c.key}`}
                    placeholder={c.type === 'date' ? '如 2026-03-05' : undefined}
                  />
                )}
              </Form.Item>
            );
          })}
        </div>
      </Form>
    </Modal>
  );
}

/** Asks, then stops (or starts) the selected records; resolves true when something changed. */
export function useStopMasters(entity: Entity) {
  const { modal, message } = App.useApp();
  return (codes: string[], active: boolean) =>
    new Promise<boolean>((resolve) => {
      const shown = codes.slice(0, 5).join('、') + (codes.length > 5 ? ` 等 ${codes.length} 条` : '');
      modal.confirm({
        title: `${active ? '启用' : '停用'} ${codes.length} 条${ENTITY_LABELS[entity]}？`,
        content: (
          <div data-testid="stop-confirm">
            <p>{shown}</p>
            <p>{active ? START_MEANS[entity] : STOP_MEANS[entity]}</p>
            {!active && <p>记录和历史数据都保留，随时可以再启用；操作记入审计日志。</p>}
          </div>
        ),
        okText: active ? '启用' : '停用',
        okButtonProps: { danger: !active },
        cancelText: '取消',
        onOk: async () => {
          try {
            const r = await api.call('masterdata.setActive', { entity, codes, active });
            message.success(
              r.changed
                ? `已${active ? '启用' : '停用'} ${r.changed} 条${r.label}`
                : `所选${r.label}本来就是${active ? '启用' : '停用'}状态，未做修改`,
            );
            resolve(r.changed > 0);
          } catch (err) {
            message.error(`未${active ? '启用' : '停用'}：${(err as Error).message}`);
            resolve(false);
          }
        },
        onCancel: () => resolve(false),
      });
    });
}
