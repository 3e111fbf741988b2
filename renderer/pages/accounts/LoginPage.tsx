/**
 * 登录: shown instead of the app while login is switched on and nobody is
 * logged in (or the session has expired).
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { logIn, loginReason, useMe } from './session';

export function LoginPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { settings, reload } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ login: string; password: string }>();

  if (me && !me.loginRequired) {
    return (
      <Result
        status="info"
        title="此工作台未启用登录"
        subTitle="单用户模式下无需登录。如需按账号区分权限，请在“系统 → 用户管理”中启用登录。"
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            返回首页
          </Button>
        }
      />
    );
  }

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await logIn(v.login.trim(), v.password);
      reload();
      navigate('/');
    } catch (e) {
      setError((e as ApiError).message);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f7fa',
      }}
      data-testid="login-page"
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          县级营销内勤工作台
        </Typography.Title>
        {settings?.unitName && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {settings.unitName}
          </Typography.Paragraph>
        )}
        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        {!error && loginReason() && (
          <Alert
            type="warning"
            showIcon
            message={loginReason()}
            style={{ marginBottom: 16 }}
            data-testid="login-reason"
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item
            label="登录名"
            name="login"
            rules={[{ required: true, whitespace: true, message: '请输入登录名' }]}
          >
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="login-name" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          密码连续输错 5 次，账号将锁定 5 分钟。忘记密码请联系主任或管理员重置。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
