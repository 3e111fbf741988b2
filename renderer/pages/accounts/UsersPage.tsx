/**
 * 用户管理: accounts and roles, password resets and unlocks, and switching
 * login on (single-user install → accounts) or off. Needs the 'users'
 * permission (主任, 管理员, or anyone while login is off); the router enforces it.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { Output } from '@contract';
import { api, ApiError, useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { adoptSession, refreshMe, useMe } from './session';
import { NewPasswordItems } from './PasswordItems';
import { localTimeText } from '../../../common/days';

type User = Output<'accounts.listUsers'>[number];
type Role = User['role'];

export const ROLE_OPTIONS: { value: Role; label: string; hint: string }[] = [
  { value: 'clerk', label: '内勤', hint: '录入、修改、导入、导出、打印' },
  { value: 'head', label: '主任', hint: '查看、审批计划、打印、管理用户' },
  { value: 'readonly', label: '只读', hint: '只能查看和打印' },
  { value: 'admin', label: '管理员', hint: '管理用户和设置' },
];

const roleSelect = ROLE_OPTIONS.map((r) => ({ value: r.value, label: `${r.label}（${r.hint}）` }));

const localTime = (iso: string | null): string => localTimeText(iso, true) || '—';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'reset'; user: User }
  | { kind: 'enable' }
  | { kind: 'disable' }
  | null;

export function UsersPage() {
  const me = useMe();
  const { reload: reloadApp } = useApp();
  const { message } = App.useApp();
  const users = useCall('accounts.listUsers', {});
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const open = (d: Dialog) => {
    form.resetFields();
    setError(null);
    if (d?.kind === 'edit') form.setFieldsValue({ name: d.user.name, role: d.user.role });
    setDialog(d);
  };

  /** Runs one change; on refusal the dialog stays open with the reason. */
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      message.success(done);
      setDialog(null);
      users.reload();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  const quick = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      users.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    if (!dialog) return;
    switch (dialog.kind) {
      case 'create':
        return run(
          () =>
            api.call('accounts.createUser', {
              login: v.login.trim(),
              name: v.name.trim(),
              role: v.role,
              password: v.password,
            }),
          `已新建用户 ${v.login.trim()}`,
        );
      case 'edit':
        return run(
          () => api.call('accounts.updateUser', { id: dialog.user.id, name: v.name.trim(), role: v.role }),
          '已保存',
        );
      case 'reset':
        return run(
          () => api.call('accounts.resetPassword', { id: dialog.user.id, password: v.password }),
          `已重置 ${dialog.user.login} 的密码`,
        );
      case 'enable':
        return run(async () => {
          const r = await api.call('accounts.enableLogin', { login: v.login, password: v.password });
          await adoptSession(r.token);
          reloadApp();
        }, '已启用登录。之后每个人需要用自己的账号登录');
      case 'disable':
        return run(async () => {
          await api.call('accounts.disableLogin', { password: v.password });
          api.setToken(null);
          await refreshMe();
          reloadApp();
        }, '已关闭登录，现为单用户模式');
    }
  };

  const list = users.data ?? [];
  const managers = list.filter((u) => u.active && u.hasPassword && (u.role === 'head' || u.role === 'admin'));
  const loginOn = me?.loginRequired ?? false;

  const titles: Record<NonNullable<Dialog>['kind'], string> = {
    create: '新建用户',
    edit: '修改用户',
    reset: '重置密码',
    enable: '启用登录',
    disable: '关闭登录',
  };

  return (
    <div data-testid="users-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        用户管理
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }} data-testid="login-switch">
        {loginOn ? (
          <Space wrap>
            <Tag color="green">已启用登录</Tag>
            <Typography.Text>每个人用自己的账号登录，按角色限制可做的操作；所有修改记入审计日志。</Typography.Text>
            <Button onClick={() => open({ kind: 'disable' })}>关闭登录…</Button>
          </Space>
        ) : (
          <Space wrap>
            <Tag>未启用登录（单用户模式）</Tag>
            <Typography.Text>打开程序的人都以“内勤（单用户）”身份操作，拥有全部权限。</Typography.Text>
            <Button type="primary" onClick={() => open({ kind: 'enable' })} data-testid="enable-login">
              启用登录…
            </Button>
          </Space>
        )}
      </Card>
      {users.error && <Alert type="error" showIcon message={users.error.message} style={{ marginBottom: 16 }} />}
      <Card
        size="small"
        title="账号"
        extra={
          <Button type="primary" onClick={() => open({ kind: 'create' })} data-testid="create-user">
            新建用户
          </Button>
        }
      >
        <Table<User>
          size="small"
          rowKey="id"
          loading={users.loading}
          dataSource={list}
          pagination={false}
          locale={{ emptyText: '还没有账号' }}
          columns={[
            { title: '登录名', dataIndex: 'login' },
            { title: '姓名', dataIndex: 'name' },
            { title: '角色', dataIndex: 'roleLabel' },
            {
              title: '状态',
              render: (_, u) =>
                !u.active ? (
                  <Tag>已停用</Tag>
                ) : u.lockedUntil ? (
                  <Tag color="red">锁定至 {new Date(u.lockedUntil).toLocaleTimeString('zh-CN', { hour12: false })}</Tag>
                ) : (
                  <Tag color="green">正常</Tag>
                ),
            },
            { title: '最近登录', dataIndex: 'lastLoginAt', render: (v: string | null) => localTime(v) },
            {
              title: '操作',
              render: (_, u) => (
                <Space size="small">
                  <a onClick={() => open({ kind: 'edit', user: u })}>修改</a>
                  <a onClick={() => open({ kind: 'reset', user: u })}>重置密码</a>
                  {u.lockedUntil && (
                    <a onClick={() => quick(() => api.call('accounts.unlockUser', { id: u.id }), `已解锁 ${u.login}`)}>
                      解锁
                    </a>
                  )}
                  {u.active ? (
                    <Popconfirm
                      title={`停用 ${u.name}？停用后不能登录，历史记录保留。`}
                      okText="停用"
                      cancelText="取消"
                      onConfirm={() =>
                        quick(() => api.call('accounts.deactivateUser', { id: u.id }), `已停用 ${u.login}`)
                      }
                    >
                      <a>停用</a>
                    </Popconfirm>
                  ) : (
                    <a
                      onClick={() =>
                        quick(() => api.call('accounts.updateUser', { id: u.id, active: true }), `已启用 ${u.login}`)
                      }
                    >
                      启用
                    </a>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={dialog !== null}
        title={
          dialog
            ? titles[dialog.kind] +
              (dialog.kind === 'edit' || dialog.kind === 'reset' ? `：${dialog.user.name}（${dialog.user.login}）` : '')
            : ''
        }
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="dialog-error" />
        )}
        <Form form={form} layout="vertical" preserve={false}>
          {dialog?.kind === 'create' && (
            <>
              <Form.Item
                label="登录名"
                name="login"
                rules={[{ required: true, whitespace: true, message: '请填写登录名' }]}
                extra="2–32 个字母、数字、汉字或 _ . -"
              >
                <Input data-testid="user-login" />
              </Form.Item>
              <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                <Input data-testid="user-name" />
              </Form.Item>
              <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
                <Select options={roleSelect} data-testid="user-role" />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'edit' && (
            <>
              <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                <Input />
              </Form.Item>
              <Form.Item label="角色" name="role" rules={[{ required: true }]}>
                <Select options={roleSelect} />
              </Form.Item>
            </>
          )}
          {(dialog?.kind === 'create' || dialog?.kind === 'reset') && (
            <>
              <NewPasswordItems
                name="password"
                label={dialog.kind === 'reset' ? '新密码' : '密码'}
                confirmLabel="再输入一次"
                testId="user-password"
                confirmTestId="user-password-confirm"
              />
            </>
          )}
          {dialog?.kind === 'enable' &&
            (managers.length === 0 ? (
              <Alert
                type="warning"
                showIcon
                message="请先新建一个主任或管理员账号并设置密码"
                description="启用登录后，由主任或管理员管理账号；否则将没有人能再新建用户或重置密码。"
              />
            ) : (
              <>
                <Typography.Paragraph type="secondary">
                  启用后每个人需要用自己的账号登录。请用一个主任或管理员账号的密码确认，确认后以该账号继续操作。
                </Typography.Paragraph>
                <Form.Item label="账号" name="login" rules={[{ required: true, message: '请选择账号' }]}>
                  <Select
                    options={managers.map((u) => ({
                      value: u.login,
                      label: `${u.name}（${u.login}，${u.roleLabel}）`,
                    }))}
                    data-testid="enable-login-user"
                  />
                </Form.Item>
                <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
                  <Input.Password autoComplete="current-password" data-testid="enable-login-password" />
                </Form.Item>
              </>
            ))}
          {dialog?.kind === 'disable' && (
            <>
              <Alert
                type="warning"
                showIcon
                message="关闭登录后，打开程序的人都以“内勤（单用户）”身份操作，拥有全部权限。"
                style={{ marginBottom: 12 }}
              />
              <Form.Item label="请输入您的密码确认" name="password" rules={[{ required: true, message: '请输入密码' }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </div>
  );
}
