/**
 * 首页: the unit, the database status, and what needs attention today. Each
 * card asks its module for a summary; a module that is not installed shows nothing.
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Col, Descriptions, Empty, Row, Statistic, Typography } from 'antd';
import { useApp } from '../../app/AppContext';
import { api, ApiError, useDataVersion } from '../../api/client';
import { FirstRunWizard } from './FirstRunWizard';
import { localTimeText } from '../../../common/days';

/** Calls a summary method; null when the module does not offer it. */
function useOptional<T>(method: string, input: unknown = {}): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  // asked again after every change (载入示例数据, an import, a saved plan…)
  const version = useDataVersion();
  useEffect(() => {
    api
      .callAny<T>(method, input)
      .then((d) => setState({ data: d, error: null }))
      .catch((e: ApiError) => setState({ data: null, error: e.code === 'unknown_method' ? null : e.message }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, version]);
  return state;
}

export interface HomeCard {
  title: string;
  lines: { label: string; value: string; tone?: 'good' | 'warn' | 'bad' }[];
  link?: string;
}

function SummaryCard({ method, fallbackTitle }: { method: string; fallbackTitle: string }) {
  const { data, error } = useOptional<HomeCard | HomeCard[]>(method);
  if (error)
    return (
      <Card title={fallbackTitle} size="small">
        <Typography.Text type="danger">{error}</Typography.Text>
      </Card>
    );
  if (!data) return null;
  const cards = Array.isArray(data) ? data : [data];
  return (
    <>
      {cards.map((c) => (
        <Card
          key={c.title}
          title={c.title}
          size="small"
          extra={c.link ? <a href={'#' + c.link}>查看</a> : null}
          data-testid={'home-card-' + method}
        >
          {c.lines.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无" />
          ) : (
            c.lines.map((l) => (
              <div key={l.label} style={{ display: 'flex', justifyContent: 'space-between', padding: '2px 0' }}>
                <span>{l.label}</span>
                <Typography.Text
                  strong
                  type={
                    l.tone === 'bad'
                      ? 'danger'
                      : l.tone === 'warn'
                        ? 'warning'
                        : l.tone === 'good'
                          ? 'success'
                          : undefined
                  }
                >
                  {l.value}
                </Typography.Text>
              </div>
            ))
          )}
        </Card>
      ))}
    </>
  );
}

/** Module summaries the 首页 shows when their module provides them (method returns HomeCard | HomeCard[]). */
export const HOME_SUMMARIES: { method: string; title: string }[] = [
  { method: 'plans.homeCard', title: '本月计划进度' },
  { method: 'reports.homeCard', title: '关键指标' },
  { method: 'reports.weeklyHomeCard', title: '上周周报' },
  { method: 'archive.homeCard', title: '公文与档案提醒' },
  { method: 'network.homeCard', title: '网建达标' },
  { method: 'imports.homeCard', title: '最近导入' },
];

export function HomePage() {
  const { settings, info } = useApp();
  return (
    <div data-testid="home-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        首页
      </Typography.Title>
      {settings && !settings.setupDone && <FirstRunWizard />}
      {info?.demoData && (
        <Alert
          type="warning"
          showIcon
          message="当前数据库中是生成的示例数据，仅供熟悉功能，不代表任何真实经营情况。"
          style={{ marginBottom: 16 }}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="单位与数据库" size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label="单位名称">
                {settings?.unitName || '未设置（请到“设置”中填写）'}
              </Descriptions.Item>
              <Descriptions.Item label="年度">{settings?.fiscalYear}</Descriptions.Item>
              <Descriptions.Item label="数据库">{info?.dbPath}</Descriptions.Item>
              <Descriptions.Item label="结构版本">{info?.schemaVersion}</Descriptions.Item>
              <Descriptions.Item label="最近备份">
                {info?.lastBackupAt ? localTimeText(info.lastBackupAt) : '尚未备份'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="数据库状态" size="small">
            <Row gutter={16}>
              <Col span={12}>
                <Statistic
                  title="文件大小"
                  value={info ? (info.dbSizeBytes / 1024 / 1024).toFixed(2) : '—'}
                  suffix="MB"
                />
              </Col>
              <Col span={12}>
                <Statistic title="备份份数" value={info?.backups ?? 0} />
              </Col>
            </Row>
          </Card>
        </Col>
        {HOME_SUMMARIES.map((s) => (
          <Col xs={24} lg={12} key={s.method}>
            <SummaryCard method={s.method} fallbackTitle={s.title} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
