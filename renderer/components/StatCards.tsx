/**
 * A row of headline figures above a page's table (客户结构, 网建达标): one small card each, the
 * row split evenly between them.
 */
import { Card, Col, Row, Statistic } from 'antd';

export interface StatItem {
  title: string;
  value: string | number;
  /** unit after the value, e.g. 项, 人 */
  suffix?: string;
  /** the value's colour, e.g. red while something is behind */
  color?: string;
}

export function StatCards({ items }: { items: StatItem[] }) {
  const span = Math.floor(24 / Math.max(1, items.length));
  return (
    <Row gutter={16} style={{ marginBottom: 12 }}>
      {items.map((i) => (
        <Col span={span} key={i.title}>
          <Card size="small">
            <Statistic
              title={i.title}
              value={i.value}
              suffix={i.suffix}
              valueStyle={i.color ? { color: i.color } : undefined}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
