/** 修改密码: the logged-in user's own password, confirmed with the current one. */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { api, ApiError } from '../../api/client';
import { useMe } from './session';
import { NewPasswordItems } from './PasswordItems';
import { PageHead } from '../../components/PageHead';

export function ChangePasswordPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await api.call('accounts.changePassword', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      message.success('密码已修改，其他地方的登录已退出');
      form.resetFields();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="change-password-page">
      <PageHead title="修改密码" level={3} />
      {me?.singleUser ? (
        <Alert
          type="info"
          showIcon
          message="当前为单用户模式（未启用登录），没有个人密码。"
          description="如需密码，请在“用户管理”中建立账号并启用登录。"
        />
      ) : (
        <Card size="small" style={{ maxWidth: 480 }}>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item label="当前密码" name="oldPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
              <Input.Password autoComplete="current-password" data-testid="old-password" />
            </Form.Item>
            <NewPasswordItems
              name="newPassword"
              label="新密码"
              confirmLabel="再输入一次新密码"
              testId="new-password"
              confirmTestId="confirm-password"
            />
            <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password-submit">
              修改密码
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
