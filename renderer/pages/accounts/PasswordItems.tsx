/**
 * A new password and the same again, with the backend's policy checked as it is typed: the 修改密码
 * page, and 新建用户 / 重置密码 in 用户管理.
 */
import { Form, Input } from 'antd';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../common/passwordPolicy';

export function NewPasswordItems({
  name,
  label,
  confirmLabel,
  testId,
  confirmTestId,
}: {
  /** the form field of the password; its confirmation is `confirm` */
  name: string;
  label: string;
  confirmLabel: string;
  testId: string;
  confirmTestId: string;
}) {
  return (
    <>
      <Form.Item
        label={label}
        name={name}
        rules={[
          { required: true, message: `请输入${label}` },
          { min: PASSWORD_MIN, message: `密码至少需要 ${PASSWORD_MIN} 个字符` },
          { max: PASSWORD_MAX, message: `密码不能超过 ${PASSWORD_MAX} 个字符` },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={testId} />
      </Form.Item>
      <Form.Item
        label={confirmLabel}
        name="confirm"
        dependencies={[name]}
        rules={[
          { required: true, message: `请再输入一次${label}` },
          ({ getFieldValue }) => ({
            validator: (_, v) =>
              !v || v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={confirmTestId} />
      </Form.Item>
    </>
  );
}
