/** A page's title and, under it, the row of its controls (period, scope, buttons), wrapping on a narrow screen. */
import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';

export function PageHead({ title, level = 4, children }: { title: ReactNode; level?: 3 | 4; children?: ReactNode }) {
  return (
    <>
      <Typography.Title level={level} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      {children && (
        <Space wrap style={{ marginBottom: 12 }}>
          {children}
        </Space>
      )}
    </>
  );
}
