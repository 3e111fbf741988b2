/** Print view of the 归档文件目录: a cover page, then the catalogue, A4 landscape. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { searchParam } from './common';

export function CataloguePrint() {
  const { settings } = useApp();
  const year = Number(searchParam('year'));
  const retention = (searchParam('retention') ?? 'D30') as 'Y' | 'D30' | 'D10';
  const org = searchParam('org') ?? undefined;
  const { data, error } = useCall('archive.catalogue', { year, retention, ...(org ? { orgCode: org } : {}) }, []);
  if (error) return <div style={{ padding: 40 }}>{error.message}</div>;
  if (!data) return <Spin style={{ margin: 80 }} />;
  const c = data.cover;
  const coverRows: [string, string][] = [
    ['全宗号', c.fondsNo],
    ['全宗名称', c.fondsName || settings?.unitName || ''],
    ['年　　度', `${c.year}`],
    ['保管期限', c.retentionLabel],
    ['机构(问题)', `${c.orgName}（${c.orgCode}）`],
    ['件　　数', `${c.count} 件`],
  ];
  return (
    <PrintDocument
      title="归档文件目录"
      unitName={settings?.unitName}
      period={`${c.year}年度 · ${c.retentionLabel}`}
      unitLine={`${c.orgName}（${c.orgCode}）`}
      orientation="landscape"
      signatures={['整理人', '检查人', '日期']}
    >
      <div data-testid="catalogue-cover" style={{ margin: '40mm auto 0', width: '140mm' }}>
        <table style={{ fontSize: '14pt' }}>
          <tbody>
            {coverRows.map(([k, v]) => (
              <tr key={k}>
                <td style={{ width: '40mm', textAlign: 'center', padding: '6pt', fontSize: '14pt' }}>{k}</td>
                <td style={{ padding: '6pt', fontSize: '14pt' }}>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="page-break" />
      <PrintTable
        caption={`${c.year}年度 ${c.retentionLabel} ${c.orgName} 归档文件目录`}
        spec={{
          title: '归档文件目录',
          columns: [
            { key: 'seq', title: '序号', type: 'int', width: 5 },
            { key: 'archiveNo', title: '档号', width: 26 },
            { key: 'docNo', title: '文号', width: 14 },
            { key: 'responsible', title: '责任者', width: 14 },
            { key: 'title', title: '题名', width: 40 },
            { key: 'date', title: '日期', width: 9 },
            { key: 'secrecy', title: '密级', width: 5 },
            { key: 'pages', title: '页数', type: 'int', width: 5 },
            { key: 'remark', title: '备注', width: 10 },
          ],
          rows: data.rows as unknown as Record<string, unknown>[],
        }}
      />
    </PrintDocument>
  );
}
