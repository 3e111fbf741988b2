/** 归档章 of one filed item: the six fields of DA/T 22-2015 in the stamp's 2 × 3 grid. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PrintDocument } from '../../components/PrintDocument';
import { searchParam } from './common';

export function StampPrint() {
  const { settings } = useApp();
  const id = Number(searchParam('id'));
  const { data, error } = useCall('archive.stamp', { id }, []);
  if (error) return <div style={{ padding: 40 }}>{error.message}</div>;
  if (!data) return <Spin style={{ margin: 80 }} />;
  const cell = {
    border: '0.8pt solid #c00',
    color: '#c00',
    width: '22mm',
    height: '8mm',
    textAlign: 'center' as const,
    fontSize: '11pt',
  };
  return (
    <PrintDocument title="归档章" unitName={settings?.unitName} signatures={['日期']}>
      <table style={{ width: 'auto', margin: '12mm auto' }} data-testid="filing-stamp">
        <tbody>
          <tr>
            <td style={cell}>{data.fondsNo}</td>
            <td style={cell}>{data.year}</td>
            <td style={cell}>{data.itemNo}</td>
          </tr>
          <tr>
            <td style={cell}>{data.org}</td>
            <td style={cell}>{data.retention}</td>
            <td style={cell}>{data.pages ?? ''}</td>
          </tr>
        </tbody>
      </table>
      <p style={{ textAlign: 'center', fontSize: '9pt' }}>上排：全宗号、年度、件号；下排：机构(问题)、保管期限、页数</p>
    </PrintDocument>
  );
}
