/**
 * 文档检索: one box over numbers, titles, units, people and the text of
 * attachments, with filters; the words found are highlighted.
 */
import { useState } from 'react';
import type { Input as CallInput } from '@contract';
import { Card, Empty, Input, List, Pagination, Space, Tag, Typography } from 'antd';
import { useCall } from '../../api/client';
import { FilterSelects, plainOptions, type FilterChoice } from '../../components/FilterSelects';
import { DocDrawer } from './DocDrawer';
import {
  ExtractingTag,
  highlight,
  KINDS,
  RETENTION_LABELS,
  SECRECY,
  StatusTag,
  useTextExtractionRefresh,
  yearOptions,
} from './common';
import { TEXT_EXTRACTING, textStatusLabel } from '../../../common/attachmentText';
import { PageHead } from '../../components/PageHead';

const PAGE = 20;

/** The filters beside the search box; each narrows the hits to one value of its field. */
type Filters = Pick<CallInput<'archive.search'>, 'kind' | 'year' | 'status' | 'secrecy' | 'retention'>;

export function SearchPage() {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const groups = useCall('archive.groups', {}, []);
  const input = { query, ...filters, limit: PAGE, offset: (page - 1) * PAGE };
  const active = query.trim() !== '' || Object.values(filters).some((v) => v !== undefined);
  const r = useCall('archive.search', active ? input : null, [query, filters, page]);
  const textWaiting = r.data?.textWaiting ?? 0;
  useTextExtractionRefresh(textWaiting > 0);
  const choices: FilterChoice<Filters>[] = [
    { key: 'kind', label: '类别', width: 100, options: plainOptions(KINDS) },
    { key: 'year', label: '年度', width: 100, options: yearOptions(groups.data?.years) },
    {
      key: 'status',
      label: '处理情况',
      width: 110,
      options: plainOptions(['待处理', '已阅', '转交', '办结', '已登记', '归档']),
    },
    { key: 'secrecy', label: '密级', width: 90, options: plainOptions(SECRECY) },
    {
      key: 'retention',
      label: '保管期限',
      width: 120,
      options: Object.entries(RETENTION_LABELS).map(([value, label]) => ({ value, label })),
    },
  ];

  return (
    <div data-testid="archive-search">
      <PageHead title="文档检索" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.Search
            size="large"
            allowClear
            enterButton="检索"
            placeholder="输入标题、文号、单位、人名或附件里的词，如：网建、考核、收〔2026〕15号；多个词用空格分开"
            onSearch={(v) => {
              setQuery(v);
              setPage(1);
            }}
            data-testid="search-box"
          />
          <Space wrap>
            <FilterSelects
              choices={choices}
              value={filters}
              onChange={(f) => {
                setFilters(f);
                setPage(1);
              }}
            />
          </Space>
        </Space>
      </Card>
      {r.error && <Typography.Text type="danger">{r.error.message}</Typography.Text>}
      {!active ? (
        <Empty description="输入检索词或选择条件开始检索" />
      ) : (
        <>
          <Typography.Text type="secondary" data-testid="search-total">
            找到 {r.data?.total ?? 0} 件
          </Typography.Text>
          {textWaiting > 0 && (
            <Typography.Text type="secondary" style={{ marginLeft: 16 }} data-testid="search-text-waiting">
              有 {textWaiting} 个附件{textStatusLabel(TEXT_EXTRACTING)}，提取完成前检索不到其中的内容
            </Typography.Text>
          )}
          <List
            loading={r.loading}
            dataSource={r.data?.hits ?? []}
            locale={{ emptyText: '没有找到符合条件的文件' }}
            renderItem={(h) => (
              <List.Item
                key={h.id}
                onClick={() => setOpenId(h.id)}
                style={{ cursor: 'pointer' }}
                data-testid="search-hit"
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Tag>{h.kind}</Tag>
                      <span>{highlight(h.number, r.data!.terms)}</span>
                      <a>{highlight(h.title, r.data!.terms)}</a>
                      <StatusTag status={h.status} dueDate={h.dueDate} />
                      {h.archiveNo && <Tag color="blue">{highlight(h.archiveNo, r.data!.terms)}</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <div>
                        {h.date}
                        {h.fromOrg && <>　来文机关：{highlight(h.fromOrg, r.data!.terms)}</>}
                        {h.toOrg && <>　主送/报送：{highlight(h.toOrg, r.data!.terms)}</>}
                        {h.docNo && <>　文号：{highlight(h.docNo, r.data!.terms)}</>}
                        {h.handler && <>　承办人：{highlight(h.handler, r.data!.terms)}</>}
                        {h.attachments > 0 && <>　附件 {h.attachments} 个</>}
                        {h.extracting > 0 && (
                          <>
                            　<ExtractingTag />
                          </>
                        )}
                      </div>
                      {h.snippet && <div data-testid="search-snippet">{highlight(h.snippet, r.data!.terms)}</div>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
          {(r.data?.total ?? 0) > PAGE && (
            <Pagination
              current={page}
              pageSize={PAGE}
              total={r.data!.total}
              onChange={setPage}
              showSizeChanger={false}
            />
          )}
        </>
      )}
      <DocDrawer id={openId} onClose={() => setOpenId(null)} onChanged={r.reload} />
    </div>
  );
}
