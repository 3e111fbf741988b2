/** The header's user corner: who is logged in, 修改密码 and 退出登录. */
import { Button, Dropdown, Space, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useApp } from '../../app/AppContext';
import { logOut, useMe } from './session';

export function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const { reload } = useApp();
  if (!me?.user) return null;
  if (me.singleUser) {
    return (
      <Space data-testid="user-menu">
        <Typography.Text type="secondary">{me.user.name}</Typography.Text>
        <Tag>未启用登录</Tag>
      </Space>
    );
  }
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'password', label: '修改密码' },
          { key: 'logout', label: '退出登录' },
        ],
        onClick: async ({ key }) => {
          if (key === 'password') navigate('/accounts/password');
          if (key === 'logout') {
            await logOut();
            navigate('/login');
            reload();
          }
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
        {me.user.name}
        <Tag style={{ marginLeft: 6 }}>{me.user.roleLabel}</Tag>
      </Button>
    </Dropdown>
  );
}
